using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Kaizen.Web.Export;

namespace Kaizen.Web.Tests.Export;

internal static class XlsxTestFiles
{
    public static MemoryStream Write(Action<XlsxWorkbook> build)
    {
        var stream = new MemoryStream();
        using (var workbook = new XlsxWorkbook(stream)) build(workbook);
        stream.Position = 0;
        return stream;
    }

    // Every workbook a test writes goes through here, so every one is validated.
    public static SpreadsheetDocument WriteAndOpen(Action<XlsxWorkbook> build)
    {
        var stream = Write(build);
        var document = SpreadsheetDocument.Open(stream, false);
        AssertValid(document);
        return document;
    }

    public static void AssertValid(SpreadsheetDocument document)
    {
        var errors = new OpenXmlValidator().Validate(document).ToList();
        Assert.True(errors.Count == 0, "Open XML validation errors:\n" + string.Join("\n",
            errors.Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")));
    }

    public static WorksheetPart SheetPart(SpreadsheetDocument document, string name)
    {
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
    }

    public static Cell Cell(SpreadsheetDocument document, string sheet, string reference) =>
        Placed(SheetPart(document, sheet)).Single(c => c.Reference == reference).Cell;

    // Every cell with where it stands: a cell or row without a reference follows on from the previous one (our writer
    // leaves out the references of cells that do).
    public static IEnumerable<(string Reference, int Row, string Column, Cell Cell)> Placed(WorksheetPart part)
    {
        int rowNumber = 0;
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
            int column = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } r ? XlsxRef.ParseCell(r).Column : column + 1;
                var letters = XlsxRef.ColumnLetters(column);
                yield return (letters + rowNumber, rowNumber, letters, cell);
            }
        }
    }

    public static string Text(Cell cell) => (cell.DataType?.Value == CellValues.SharedString ? SharedText(cell).Text : null)
        ?? cell.InlineString?.Text?.Text ?? cell.CellValue?.Text ?? "";

    // The <t> of the shared string a text cell refers to (our writer puts every text in the shared strings table).
    public static Text SharedText(Cell cell)
    {
        Assert.Equal(CellValues.SharedString, cell.DataType?.Value);
        var workbook = cell.Ancestors<Worksheet>().Single().WorksheetPart!.GetParentParts().OfType<WorkbookPart>().Single();
        var item = workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text));
        return item.Text!;
    }

    public static CellFormat StyleOf(SpreadsheetDocument document, Cell cell) =>
        document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>()
            .ElementAt((int)(cell.StyleIndex?.Value ?? 0));

    // The format code a cell shows with: a custom one from the styles part, or a built-in one by id.
    public static string FormatCodeOf(SpreadsheetDocument document, Cell cell)
    {
        uint id = StyleOf(document, cell).NumberFormatId?.Value ?? 0;
        var custom = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.NumberingFormats?
            .Elements<NumberingFormat>().FirstOrDefault(f => f.NumberFormatId?.Value == id);
        return custom?.FormatCode?.Value ?? id switch
        {
            0 => "General", 3 => "#,##0", 4 => "#,##0.00", 9 => "0%", 10 => "0.00%", 14 => "m/d/yyyy", 49 => "@",
            _ => $"builtin {id}",
        };
    }

    // A workbook made with the SDK's own DOM, for shapes our writer never produces (shared strings, 1904 dates,
    // rows without references, custom date formats).
    public static MemoryStream BuildWithSdk(Action<SheetData> fill, Stylesheet? stylesheet = null,
        IEnumerable<string>? sharedStrings = null, bool date1904 = false)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            fill(data);
            sheetPart.Worksheet = new Worksheet(data);
            if (stylesheet != null) workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = stylesheet;
            if (sharedStrings != null)
                workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable =
                    new SharedStringTable(sharedStrings.Select(s => new SharedStringItem(new Text(s))));
            workbookPart.Workbook = new Workbook(
                new WorkbookProperties { Date1904 = date1904 },
                new Sheets(new Sheet { Name = "Data", SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) }));
        }
        stream.Position = 0;
        return stream;
    }

    public static Stylesheet StylesWithFormats(params string[] customCodes)
    {
        var formats = customCodes.Select((code, i) => new NumberingFormat { NumberFormatId = (uint)(164 + i), FormatCode = code });
        var xfs = new[] { new CellFormat { NumberFormatId = 0 }, new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true } }
            .Concat(customCodes.Select((_, i) => new CellFormat { NumberFormatId = (uint)(164 + i), ApplyNumberFormat = true }));
        return new Stylesheet(
            new NumberingFormats(formats),
            new Fonts(new Font()),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })),
            new Borders(new Border()),
            new CellFormats(xfs));
    }

    public static byte[] OleFile(bool encrypted)
    {
        var bytes = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        Encoding.Unicode.GetBytes(encrypted ? "EncryptionInfo" : "Workbook").CopyTo(bytes, 1024);
        return bytes;
    }
}

// A stream that can only go forwards, like an HTTP request or response body.
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
}
