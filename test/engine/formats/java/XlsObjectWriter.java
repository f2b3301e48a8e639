import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.hssf.usermodel.HSSFClientAnchor;
import org.apache.poi.hssf.usermodel.HSSFPatriarch;
import org.apache.poi.hssf.usermodel.HSSFSheet;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * Writes an Excel 97-2003 workbook (BIFF8) with Apache POI's HSSF, for ShredLock's format tests
 * (synthetic data only): a sheet whose first column holds the given texts, and the given files
 * embedded as OLE objects shown by an icon: `package:<path>:<name>` packages any file (Packager,
 * an Ole10Native stream), `ole:<path>` embeds an OLE file (an .xls or .doc) as a storage.
 * Usage: java -cp <jars> XlsObjectWriter.java <file> <icon.png> <object>... -- <text>...
 */
public class XlsObjectWriter {
  public static void main(String[] args) throws Exception {
    try (HSSFWorkbook workbook = new HSSFWorkbook()) {
      HSSFSheet sheet = workbook.createSheet("Sheet1");
      HSSFPatriarch drawing = sheet.createDrawingPatriarch();
      int icon = workbook.addPicture(Files.readAllBytes(Path.of(args[1])), Workbook.PICTURE_TYPE_PNG);
      int i = 2;
      for (; i < args.length && !args[i].equals("--"); i++) {
        String[] spec = args[i].split(":", 3);
        int storage;
        if (spec[0].equals("package")) {
          storage = workbook.addOlePackage(Files.readAllBytes(Path.of(spec[1])), spec[2], spec[2], spec[2]);
        } else {
          try (FileInputStream in = new FileInputStream(spec[1]); POIFSFileSystem poifs = new POIFSFileSystem(in)) {
            storage = workbook.addOlePackage(poifs, "object", "object.xls", "object.xls");
          }
        }
        int top = (i - 2) * 6;
        drawing.createObjectData(new HSSFClientAnchor(0, 0, 0, 0, (short) 3, top, (short) 5, top + 4), storage, icon);
      }
      int row = 0;
      for (i++; i < args.length; i++) sheet.createRow(row++).createCell(0).setCellValue(args[i]);
      try (FileOutputStream out = new FileOutputStream(args[0])) {
        workbook.write(out);
      }
    }
  }
}
