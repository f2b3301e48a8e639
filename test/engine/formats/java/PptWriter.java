import java.io.FileOutputStream;
import org.apache.poi.hslf.usermodel.HSLFSlide;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hslf.usermodel.HSLFTextBox;

/**
 * Writes a PowerPoint 97-2003 presentation with Apache POI's HSLF, for ShredLock's format tests
 * (synthetic data only): a slide per argument after the file, its text in one text box.
 * Usage: java -cp <jars> PptWriter.java <file> <text>...
 */
public class PptWriter {
  public static void main(String[] args) throws Exception {
    try (HSLFSlideShow show = new HSLFSlideShow()) {
      for (int i = 1; i < args.length; i++) {
        HSLFSlide slide = show.createSlide();
        HSLFTextBox box = slide.createTextBox();
        box.setText(args[i]);
        box.setAnchor(new java.awt.Rectangle(50, 50, 600, 300));
      }
      try (FileOutputStream out = new FileOutputStream(args[0])) {
        show.write(out);
      }
    }
  }
}
