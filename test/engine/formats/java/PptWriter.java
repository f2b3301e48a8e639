import java.awt.Rectangle;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.hslf.usermodel.HSLFObjectShape;
import org.apache.poi.hslf.usermodel.HSLFPictureData;
import org.apache.poi.hslf.usermodel.HSLFSlide;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hslf.usermodel.HSLFTextBox;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.sl.usermodel.PictureData.PictureType;

/**
 * Writes a PowerPoint 97-2003 presentation with Apache POI's HSLF, for ShredLock's format tests
 * (synthetic data only): a slide per text, its text in one text box. Arguments before the texts
 * starting with `embed:` embed an OLE file (an .xls) as an object on the first slide, shown by the
 * icon given as `icon:<png>`: HSLF keeps it zlib-compressed in an ExOleObjStg record.
 * Usage: java -cp <jars> PptWriter.java <file> [icon:<png> embed:<ole>...] <text>...
 */
public class PptWriter {
  public static void main(String[] args) throws Exception {
    try (HSLFSlideShow show = new HSLFSlideShow()) {
      HSLFPictureData icon = null;
      int i = 1;
      java.util.List<Integer> objects = new java.util.ArrayList<>();
      for (; i < args.length && (args[i].startsWith("icon:") || args[i].startsWith("embed:")); i++) {
        String path = args[i].substring(args[i].indexOf(':') + 1);
        if (args[i].startsWith("icon:")) {
          icon = show.addPicture(Files.readAllBytes(Path.of(path)), PictureType.PNG);
        } else {
          try (FileInputStream in = new FileInputStream(path); POIFSFileSystem poifs = new POIFSFileSystem(in)) {
            objects.add(show.addEmbed(poifs));
          }
        }
      }
      boolean first = true;
      for (; i < args.length; i++) {
        HSLFSlide slide = show.createSlide();
        HSLFTextBox box = slide.createTextBox();
        box.setText(args[i]);
        box.setAnchor(new Rectangle(50, 50, 600, 300));
        if (first) {
          int x = 50;
          for (int id : objects) {
            HSLFObjectShape shape = new HSLFObjectShape(icon);
            shape.setObjectID(id);
            shape.setAnchor(new Rectangle(x, 400, 64, 64));
            slide.addShape(shape);
            x += 80;
          }
          first = false;
        }
      }
      try (FileOutputStream out = new FileOutputStream(args[0])) {
        show.write(out);
      }
    }
  }
}
