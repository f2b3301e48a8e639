import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.hssf.usermodel.HSSFClientAnchor;
import org.apache.poi.hssf.usermodel.HSSFPatriarch;
import org.apache.poi.hssf.usermodel.HSSFSheet;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * Writes an Excel 97-2003 workbook (BIFF8) with Apache POI's HSSF, for ShredLock's format tests
 * (synthetic data only): a sheet whose first column holds the given texts, one a row, and the
 * given PNG pictures placed on it. Usage: java -cp <jars> XlsPictureWriter.java <file> <png>... -- <text>...
 */
public class XlsPictureWriter {
  public static void main(String[] args) throws Exception {
    try (HSSFWorkbook workbook = new HSSFWorkbook()) {
      HSSFSheet sheet = workbook.createSheet("Sheet1");
      HSSFPatriarch drawing = sheet.createDrawingPatriarch();
      int i = 1;
      for (; i < args.length && !args[i].equals("--"); i++) {
        int picture = workbook.addPicture(Files.readAllBytes(Path.of(args[i])), Workbook.PICTURE_TYPE_PNG);
        int top = (i - 1) * 12;
        drawing.createPicture(new HSSFClientAnchor(0, 0, 0, 0, (short) 3, top, (short) 8, top + 10), picture);
      }
      int row = 0;
      for (i++; i < args.length; i++) sheet.createRow(row++).createCell(0).setCellValue(args[i]);
      try (FileOutputStream out = new FileOutputStream(args[0])) {
        workbook.write(out);
      }
    }
  }
}
