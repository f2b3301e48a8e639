"""Writes a test fixture with a real writer, from a JSON spec on stdin (see writers.ts).

Every format is written by the library people use to produce it, so the readers are tested on
files as they come, not on what the project's own code thinks they look like.
"""
import json
import sqlite3
import sys


def write_sqlite(spec):
    db = sqlite3.connect(spec["path"])
    # For schemas that use an application's own function (sql.js will not have it).
    db.create_function("app_mask", 1, lambda value: value, deterministic=True)
    # Before any table: page_size, encoding, auto_vacuum, journal_mode.
    for pragma in spec.get("pragmas", []):
        db.execute(f"PRAGMA {pragma}")
    def quoted(name):
        return '"' + name.replace('"', '""') + '"'

    for table in spec["tables"]:
        columns = ", ".join(f"{quoted(name)} {kind}" for name, kind in zip(table["columns"], table["types"]))
        db.execute(f'CREATE TABLE {quoted(table["name"])} ({columns})')
        marks = ", ".join("?" for _ in table["columns"])
        db.executemany(f'INSERT INTO {quoted(table["name"])} VALUES ({marks})', table["rows"])
    for statement in spec.get("views", []):
        db.execute(statement)
    db.commit()
    db.close()


def write_dbf(spec):
    import datetime

    import dbf

    # fields: "NAME C(10); MOBILE N(11,0); BIRTH D"; rows: lists of str, int, float or "YYYY-MM-DD"
    table = dbf.Table(spec["path"], spec["fields"], codepage=spec.get("codepage", "cp936"), dbf_type=spec.get("dbfType", "db3"))
    table.open(dbf.READ_WRITE)
    for row in spec["rows"]:
        values = []
        for value in row:
            if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
                value = datetime.date.fromisoformat(value)
            values.append(value)
        table.append(tuple(values))
    for index in spec.get("deleted", []):
        dbf.delete(table[index])
    table.close()


def write_xls(spec):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for table in spec["tables"]:
        sheet = book.add_sheet(table["name"])
        for c, name in enumerate(table["columns"]):
            sheet.write(0, c, name)
        for r, row in enumerate(table["rows"], start=1):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.save(spec["path"])


def arrow_type(kind):
    import pyarrow as pa

    return {"text": pa.string(), "int": pa.int64(), "double": pa.float64(), "bytes": pa.binary()}[kind]


def write_parquet(spec):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = spec["tables"][0]
    columns = list(zip(*table["rows"])) if table["rows"] else [[] for _ in table["columns"]]
    arrays = [
        pa.array([value.encode() if kind == "bytes" and value is not None else value for value in column], type=arrow_type(kind))
        for column, kind in zip(columns, table["types"])
    ]
    pq.write_table(
        pa.Table.from_arrays(arrays, names=table["columns"]),
        spec["path"],
        compression=spec.get("codec", "snappy"),
        row_group_size=spec.get("rowGroupSize", 1024 * 1024),
    )


def arrow_table(table):
    import pyarrow as pa

    columns = list(zip(*table["rows"])) if table["rows"] else [[] for _ in table["columns"]]
    arrays = [
        pa.array([value.encode() if kind == "bytes" and value is not None else value for value in column], type=arrow_type(kind))
        for column, kind in zip(columns, table["types"])
    ]
    return pa.Table.from_arrays(arrays, names=table["columns"])


def write_arrow(spec):
    """Arrow IPC: `container` file (Feather v2, what pandas' to_feather writes) or stream; `codec` lz4, zstd or none.

    `version` 1: Feather v1 instead (write_feather(version=1)). `legacy`: a stream or file as before
    Arrow 0.15 (no continuation markers, V4 metadata). Besides the kinds of arrow_type, a column may
    be int32, uint64, float32, date32 or date64 (from `YYYY-MM-DD`), timestamp (microseconds, from
    ISO text), timestamp_tz (nanoseconds, Asia/Shanghai), time (microseconds, `HH:MM:SS`), decimal
    (decimal128(20, 2), from text), large_string, dictionary (of strings), struct (JSON objects of
    name and mobile), list (of strings) or map (string to string, from JSON objects).
    """
    import datetime
    import decimal

    import pyarrow as pa
    import pyarrow.feather as feather

    kinds = {
        "int32": (pa.int32(), None),
        "uint64": (pa.uint64(), None),
        "float32": (pa.float32(), None),
        "date32": (pa.date32(), datetime.date.fromisoformat),
        "date64": (pa.date64(), datetime.date.fromisoformat),
        "timestamp": (pa.timestamp("us"), datetime.datetime.fromisoformat),
        "timestamp_tz": (pa.timestamp("ns", tz="Asia/Shanghai"), datetime.datetime.fromisoformat),
        "time": (pa.time64("us"), datetime.time.fromisoformat),
        "decimal": (pa.decimal128(20, 2), decimal.Decimal),
        "large_string": (pa.large_string(), None),
        "struct": (pa.struct([("name", pa.string()), ("mobile", pa.int64())]), None),
        "list": (pa.list_(pa.string()), None),
        "map": (pa.map_(pa.string(), pa.string()), lambda value: list(value.items())),
    }
    spec_table = spec["tables"][0]
    if all(kind in ("text", "int", "double", "bytes") for kind in spec_table["types"]):
        table = arrow_table(spec_table)
    else:
        columns = list(zip(*spec_table["rows"])) if spec_table["rows"] else [[] for _ in spec_table["columns"]]
        arrays = []
        for column, kind in zip(columns, spec_table["types"]):
            if kind == "dictionary":
                arrays.append(pa.array(column, type=pa.string()).dictionary_encode())
            elif kind in kinds:
                arrow_kind, convert = kinds[kind]
                arrays.append(pa.array([None if value is None else convert(value) for value in column] if convert else list(column), type=arrow_kind))
            else:
                arrays.append(pa.array([value.encode() if kind == "bytes" and value is not None else value for value in column], type=arrow_type(kind)))
        table = pa.Table.from_arrays(arrays, names=spec_table["columns"])
    codec = spec.get("codec", "lz4")
    container = spec.get("container", "feather")
    rows = spec.get("batchRows", 64 * 1024)
    if container == "feather":
        if spec.get("version", 2) == 1:
            feather.write_feather(table, spec["path"], version=1)
            return
        feather.write_feather(table, spec["path"], compression=codec if codec != "none" else "uncompressed", chunksize=rows)
        return
    # `legacy`: the stream before Arrow 0.15 (no continuation markers), with V4 metadata.
    legacy = {"use_legacy_format": True, "metadata_version": pa.ipc.MetadataVersion.V4} if spec.get("legacy") else {}
    options = pa.ipc.IpcWriteOptions(compression=None if codec == "none" else codec, **legacy)
    opener = pa.ipc.new_file if container == "file" else pa.ipc.new_stream
    with opener(spec["path"], table.schema, options=options) as writer:
        writer.write_table(table, max_chunksize=rows)


def write_orc(spec):
    import pyarrow.orc as orc

    orc.write_table(arrow_table(spec["tables"][0]), spec["path"], compression=spec.get("codec", "zlib"))


def write_npy(spec):
    """NumPy: each of `arrays` ({name: {dtype, values, fortran}}; a structured dtype as [name, type] pairs) by np.save (`container` npy, the first) or np.savez (npz, npz-compressed)."""
    import numpy as np

    def array(spec_array):
        dtype = spec_array["dtype"]
        if isinstance(dtype, list):
            # A structured dtype ([name, type] pairs, a record array): its records as tuples.
            return np.array([tuple(record) for record in spec_array["values"]], dtype=[tuple(field) for field in dtype])
        values = np.array(spec_array["values"], dtype=dtype)
        return np.asfortranarray(values) if spec_array.get("fortran") else values

    arrays = {name: array(spec_array) for name, spec_array in spec["arrays"].items()}
    container = spec.get("container", "npy")
    with open(spec["path"], "wb") as out:
        if container == "npy":
            np.save(out, next(iter(arrays.values())), allow_pickle=True)
        elif container == "npz":
            np.savez(out, **arrays)
        else:
            np.savez_compressed(out, **arrays)


def write_pickle(spec):
    """Python's pickle of `value` (JSON) at `protocol`; `numpy`: the lists of a dict of lists as NumPy arrays of that dtype.

    `layout`:
    - `frame`: a dict of lists as a pandas DataFrame (`df.to_pickle`), its text columns of dtype
      object (one block per dtype, as pandas 1 and 2 wrote every frame);
    - `frame-arrow`: the same as pandas 3 makes it by default, its text columns of dtype `str`
      (pyarrow's strings);
    - `objects`: a list of dicts as instances of a class (`Customer`, their `__dict__`);
    - `joblib`: `joblib.dump` without compression (each NumPy array's items after its wrapper).
    """
    import pickle

    value = spec["value"]
    layout = spec.get("layout")
    protocol = spec.get("protocol", pickle.DEFAULT_PROTOCOL)
    if spec.get("numpy"):
        import numpy as np

        value = {name: np.array(column, dtype=spec["numpy"]) for name, column in value.items()}
    if layout == "objects":
        import types

        # A class of a module of its own, as an application's records are pickled.
        module = types.ModuleType("crm.models")
        sys.modules.setdefault("crm", types.ModuleType("crm"))
        sys.modules["crm.models"] = module

        class Customer:
            pass

        Customer.__module__ = "crm.models"
        Customer.__qualname__ = "Customer"
        module.Customer = Customer
        records = []
        for record in value:
            customer = Customer()
            customer.__dict__.update(record)
            records.append(customer)
        value = records
    elif layout in ("frame", "frame-arrow"):
        import pandas as pd

        if layout == "frame":
            # Strings as objects, as pandas before 3 inferred them (the option pandas 3 keeps for it).
            import warnings

            with warnings.catch_warnings(), pd.option_context("future.infer_string", False):
                warnings.simplefilter("ignore")
                value = pd.DataFrame(value)
        else:
            value = pd.DataFrame(value)
        value.to_pickle(spec["path"], protocol=protocol)
        return
    elif layout == "joblib":
        import joblib

        joblib.dump(value, spec["path"], protocol=protocol)
        return
    with open(spec["path"], "wb") as out:
        pickle.dump(value, out, protocol=protocol)


def write_stata(spec):
    """A Stata dataset by pandas' to_stata: `version` 114 (its default), 117, 118 or 119; `labels`
    ({column: label}); `dates` ({column: 'td'}, from `YYYY-MM-DD`); `strl` (columns stored as
    strLs, 117 on); `byteorder` ('<' or '>')."""
    import pandas as pd

    table = spec["tables"][0]
    frame = pd.DataFrame([list(row) for row in table["rows"]], columns=table["columns"])
    for column, kind in zip(table["columns"], table["types"]):
        if kind == "int":
            frame[column] = frame[column].astype("int64")
        elif kind == "double":
            frame[column] = frame[column].astype("float64")
        else:
            frame[column] = frame[column].astype(object)
    dates = spec.get("dates", {})
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    options = {"convert_strl": spec["strl"]} if spec.get("strl") else {}
    frame.to_stata(
        spec["path"],
        write_index=False,
        version=spec.get("version", 114),
        variable_labels=spec.get("labels"),
        convert_dates=dates or None,
        byteorder=spec.get("byteorder"),
        **options,
    )


def write_spss(spec):
    """SPSS and SAS files by pyreadstat (ReadStat): `format` sav (uncompressed), sav-rows (bytecode
    compressed, SPSS's default), zsav (zlib), por (portable) or xpt (SAS transport, `version` 8 or
    5); `labels` (variable labels by column); `dates` (columns of `YYYY-MM-DD` as dates)."""
    import pandas as pd
    import pyreadstat

    table = spec["tables"][0]
    frame = pd.DataFrame([list(row) for row in table["rows"]], columns=table["columns"])
    for column, kind in zip(table["columns"], table["types"]):
        frame[column] = frame[column].astype("float64" if kind in ("int", "double") else object)
    for column in spec.get("dates", []):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    labels = spec.get("labels")
    kind = spec.get("format", "sav")
    if kind == "xpt":
        pyreadstat.write_xport(frame, spec["path"], file_format_version=spec.get("version", 8), column_labels=labels)
    elif kind == "por":
        pyreadstat.write_por(frame, spec["path"])
    else:
        pyreadstat.write_sav(frame, spec["path"], compress=kind == "zsav", row_compress=kind == "sav-rows", column_labels=labels)


def write_avro(spec):
    import fastavro

    table = spec["tables"][0]
    avro_types = {"text": "string", "int": "long", "double": "double", "bytes": "bytes"}
    schema = {
        "type": "record",
        "name": "Row",
        "fields": [
            {"name": name, "type": ["null", avro_types[kind]]} for name, kind in zip(table["columns"], table["types"])
        ],
    }
    records = [
        {name: (value.encode() if kind == "bytes" and value is not None else value) for name, kind, value in zip(table["columns"], table["types"], row)}
        for row in table["rows"]
    ]
    with open(spec["path"], "wb") as out:
        fastavro.writer(
            out,
            fastavro.parse_schema(schema),
            records,
            codec=spec.get("codec", "deflate"),
            sync_interval=spec.get("blockBytes", 16000),
        )


def write_ods(spec):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for table in spec["tables"]:
        sheet = Table(name=table["name"])
        for row in [table["columns"], *table["rows"]]:
            tr = TableRow()
            for value in row:
                if value is None:
                    tr.addElement(TableCell())
                elif isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=value))
                    tr.addElement(cell)
            sheet.addElement(tr)
        doc.spreadsheet.addElement(sheet)
    doc.save(spec["path"])


def write_odt(spec):
    from odf.draw import Frame, Image
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    doc = OpenDocumentText()
    for paragraph in spec["paragraphs"]:
        doc.text.addElement(P(text=paragraph))
    for rows in spec.get("tables", []):
        from odf.table import Table, TableCell, TableColumn, TableRow

        table = Table()
        table.addElement(TableColumn(numbercolumnsrepeated=max(len(row) for row in rows)))
        for row in rows:
            tr = TableRow()
            for value in row:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
                tr.addElement(cell)
            table.addElement(tr)
        doc.text.addElement(table)
    for picture in spec.get("pictures", []):
        href = doc.addPicture(picture)
        frame = Frame(width="8cm", height="5cm", anchortype="paragraph")
        frame.addElement(Image(href=href))
        holder = P()
        holder.addElement(frame)
        doc.text.addElement(holder)
    doc.save(spec["path"])


def write_odp(spec):
    from odf.draw import Frame, Page, TextBox
    from odf.opendocument import OpenDocumentPresentation
    from odf.style import MasterPage, PageLayout
    from odf.text import P

    doc = OpenDocumentPresentation()
    layout = PageLayout(name="layout")
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="master", pagelayoutname=layout)
    doc.masterstyles.addElement(master)
    for paragraph in spec["paragraphs"]:
        page = Page(masterpagename=master)
        frame = Frame(width="20cm", height="5cm", x="1cm", y="1cm")
        box = TextBox()
        box.addElement(P(text=paragraph))
        frame.addElement(box)
        page.addElement(frame)
        doc.presentation.addElement(page)
    doc.save(spec["path"])


def write_pptx(spec):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    for paragraph in spec["paragraphs"]:
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = "客户资料"
        box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(2))
        box.text_frame.text = paragraph
        slide.notes_slide.notes_text_frame.text = "备注 " + paragraph
    for picture in spec.get("pictures", []):
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        slide.shapes.add_picture(picture, Inches(1), Inches(1))
    if "embedXlsx" in spec:
        from pptx.enum.shapes import PROG_ID

        slide = deck.slides.add_slide(deck.slide_layouts[6])
        slide.shapes.add_ole_object(spec["embedXlsx"], PROG_ID.XLSX, Inches(1), Inches(1))
    deck.save(spec["path"])


def write_plist(spec):
    """An XML property list (plistlib): `data` (base64) as bytes under `depth` nested dicts.

    plistlib wraps a <data> value at 76 characters less its indentation (a tab counted as 8), down to 16.
    """
    import base64
    import plistlib

    value = base64.b64decode(spec["data"])
    for level in range(spec["depth"]):
        value = {f"level{level}": value}
    with open(spec["path"], "wb") as out:
        plistlib.dump({"export": value}, out)


WRITERS = {
    "sqlite": write_sqlite,
    "dbf": write_dbf,
    "xls": write_xls,
    "parquet": write_parquet,
    "avro": write_avro,
    "ods": write_ods,
    "odt": write_odt,
    "odp": write_odp,
    "pptx": write_pptx,
    "plist": write_plist,
    "arrow": write_arrow,
    "orc": write_orc,
    "npy": write_npy,
    "pickle": write_pickle,
    "stata": write_stata,
    "spss": write_spss,
}

if __name__ == "__main__":
    spec = json.load(sys.stdin)
    WRITERS[spec["kind"]](spec)
