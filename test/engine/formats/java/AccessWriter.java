import com.healthmarketscience.jackcess.ColumnBuilder;
import com.healthmarketscience.jackcess.DataType;
import com.healthmarketscience.jackcess.Database;
import com.healthmarketscience.jackcess.DatabaseBuilder;
import com.healthmarketscience.jackcess.DateTimeType;
import com.healthmarketscience.jackcess.Table;
import com.healthmarketscience.jackcess.TableBuilder;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a Microsoft Access database with Jackcess, for ShredLock's format tests (synthetic data
 * only). Usage: java -cp <jars> AccessWriter.java <file> <V2000|V2003|V2007|V2010|V2016|V2019>,
 * with the tables on standard input, one line each, fields separated by tabs:
 *   TABLE name
 *   COLUMN name TYPE        (TEXT, MEMO, LONG, DOUBLE, NUMERIC: 28 digits, MONEY, DATE: yyyy-mm-dd, BOOLEAN, OLE: hex)
 *   ROW value value ...     (\N for null; \t, \n and \\ escaped)
 * A table is created when its first ROW (or the end) comes.
 */
public class AccessWriter {
  private static Database db;
  private static String tableName;
  private static final List<String[]> columns = new ArrayList<>();
  private static Table table;

  public static void main(String[] args) throws Exception {
    Database.FileFormat format = Database.FileFormat.valueOf(args[1]);
    db = new DatabaseBuilder(new File(args[0])).setFileFormat(format).create();
    db.setDateTimeType(DateTimeType.LOCAL_DATE_TIME);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isEmpty()) continue;
      String[] fields = line.split("\t", -1);
      switch (fields[0]) {
        case "TABLE" -> { create(); tableName = fields[1]; columns.clear(); table = null; }
        case "COLUMN" -> columns.add(new String[] { fields[1], fields[2] });
        case "ROW" -> {
          create();
          Object[] row = new Object[columns.size()];
          for (int i = 0; i < row.length; i++) row[i] = value(unescape(fields[i + 1]), columns.get(i)[1]);
          table.addRow(row);
        }
        default -> throw new IllegalArgumentException("unknown line " + fields[0]);
      }
    }
    create();
    db.close();
  }

  private static void create() throws Exception {
    if (table != null || tableName == null) return;
    TableBuilder builder = new TableBuilder(tableName);
    for (String[] column : columns) {
      ColumnBuilder c = switch (column[1]) {
        case "TEXT" -> new ColumnBuilder(column[0], DataType.TEXT);
        case "MEMO" -> new ColumnBuilder(column[0], DataType.MEMO);
        case "LONG" -> new ColumnBuilder(column[0], DataType.LONG);
        case "DOUBLE" -> new ColumnBuilder(column[0], DataType.DOUBLE);
        case "NUMERIC" -> new ColumnBuilder(column[0], DataType.NUMERIC).setPrecision(28).setScale(0);
        case "MONEY" -> new ColumnBuilder(column[0], DataType.MONEY);
        case "DATE" -> new ColumnBuilder(column[0], DataType.SHORT_DATE_TIME);
        case "BOOLEAN" -> new ColumnBuilder(column[0], DataType.BOOLEAN);
        case "OLE" -> new ColumnBuilder(column[0], DataType.OLE);
        default -> throw new IllegalArgumentException("unknown type " + column[1]);
      };
      builder.addColumn(c);
    }
    table = builder.toTable(db);
  }

  private static Object value(String text, String type) {
    if (text == null) return null;
    return switch (type) {
      case "LONG" -> Integer.valueOf(text);
      case "DOUBLE" -> Double.valueOf(text);
      case "NUMERIC", "MONEY" -> new BigDecimal(text);
      case "DATE" -> LocalDate.parse(text).atStartOfDay();
      case "BOOLEAN" -> Boolean.valueOf(text);
      case "OLE" -> HexFormat.of().parseHex(text);
      default -> text;
    };
  }

  private static String unescape(String field) {
    if (field.equals("\\N")) return null;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char next = field.charAt(++i);
        out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
