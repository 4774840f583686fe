using System.Globalization;

namespace Kaizen.Web.Export;

// What XlsxReader will read before refusing a workbook. An .xlsx is a zip, so a file of a few MB can unpack to
// gigabytes, hold one cell of a billion characters, or a million tiny parts; every limit here is checked while the
// file is read, as the bytes are inflated or the cells parsed, never from what the zip's headers claim and never after
// building the thing it limits. Excel's own limits (rows, columns, characters in a cell) always hold; the others are
// budgets a caller sets for its purpose (the import's are in ImportReader.Limits).
public sealed record XlsxLimits
{
    // The unpacked bytes of every part read, together (the package's own XML, the workbook, styles, shared strings and
    // the sheets read), counted as they are inflated.
    public long MaxUnpackedBytes { get; init; } = 1L << 30;

    // Unpacked bytes for each compressed byte, per part, once the part has unpacked past RatioFloorBytes (small parts
    // of repeated markup compress very well and are harmless). Real workbooks compress 5 to 20 times.
    public int MaxRatio { get; init; } = 1_000;
    public long RatioFloorBytes { get; init; } = 1 << 20;

    // Parts (zip entries) in the package, read from the zip's end record before the package is opened.
    public int MaxParts { get; init; } = 10_000;

    // The columns a value may be in, Excel's own limit at most (rows are limited by Excel's last row, and a caller
    // counts the rows it is given).
    public int MaxColumns { get; init; } = XlsxRef.MaxColumns;

    // The shared strings table: its entries, and their characters together.
    public int MaxSharedStrings { get; init; } = 10_000_000;
    public long MaxSharedStringChars { get; init; } = 1L << 30;

    // Excel's limit for the text of one cell. Checked on the text as stored, where Excel's _xHHHH_ escapes make a
    // character up to 7 long, and again once decoded.
    public const int MaxCellChars = XlsxText.MaxCellLength;

    // The package's own XML ([Content_Types].xml and the .rels parts) is read by System.IO.Packaging; a real one is a
    // few KB.
    public const long MaxPackageXmlBytes = 1 << 20;

    // Markup that makes XmlReader slow or large whatever the budgets: one tag (name and attributes) of more than 64 KB
    // (XmlReader holds it whole, at about six times its size), more than 1 KB of white space in a row inside a tag
    // (XmlReader rereads the tag from its start each time its buffer refills: 1 MB of it took 2 s), nesting deeper
    // than 100 elements (a workbook's parts nest about 8 deep), and comments, processing instructions or CDATA
    // sections longer than 256 KB (read whole; a cell's text needs at most 229 KB).
    public const int MaxTagBytes = 64 * 1024;
    public const int MaxTagWhitespace = 1024;
    public const int MaxDepth = 100;
    public const int MaxSpecialBytes = 256 * 1024;

    // Sheets listed by the workbook, and cell formats and number formats in the styles: Excel allows at most 65,490
    // cell formats; a workbook has a handful of sheets.
    public const int MaxSheets = 1_000;
    public const int MaxFormats = 65_490;

    public static readonly XlsxLimits Excel = new();

    internal static string Mb(long bytes) => (bytes / (1024 * 1024)).ToString("N0", CultureInfo.InvariantCulture) + " MB";
}

// The refusal of a workbook that goes past one of the limits: its message names the limit, in words for the person
// who uploaded the file.
public sealed class XlsxLimitException(string userMessage) : XlsxReadException(userMessage);

// The unpacked bytes of one workbook so far, shared by all its parts.
internal sealed class XlsxBudget(XlsxLimits limits)
{
    public XlsxLimits Limits { get; } = limits;
    public long Unpacked { get; private set; }

    public void Count(int bytes)
    {
        Unpacked += bytes;
        if (Unpacked > Limits.MaxUnpackedBytes)
            throw new XlsxLimitException(
                $"This workbook is too large once unpacked: an .xlsx file is compressed, and the parts Kaizen reads come to more than {XlsxLimits.Mb(Limits.MaxUnpackedBytes)}. " +
                $"Kaizen reads at most {XlsxLimits.Mb(Limits.MaxUnpackedBytes)}, far more than a workbook of its largest size needs. " +
                "Remove other sheets and unused rows, or split the workbook in two.");
    }
}

// A part's unpacked bytes on their way to the XML parser: counted against the workbook's budget and the part's
// compression ratio as they are inflated, and scanned for markup that would make the parser slow or large.
internal sealed class XlsxPartStream(Stream inner, string partName, XlsxBudget budget, XlsxCountingStream file, long maxBytes = long.MaxValue) : Stream
{
    private readonly XlsxMarkupScanner _scanner = new(partName);
    private readonly long _fileStart = file.BytesRead;   // parts are read one after another, so what is read from the file since is this part's
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        if (n == 0) return 0;
        _read += n;
        budget.Count(n);
        var limits = budget.Limits;
        if (_read > maxBytes)
            throw new XlsxLimitException(
                $"This file is not a workbook as Excel saves it: its part {partName} unpacks to more than {XlsxLimits.Mb(maxBytes)}, where Excel's is a few KB. " +
                "Open it in Excel, save it again as \"Excel Workbook (.xlsx)\", then upload that.");
        if (_read > limits.RatioFloorBytes && _read > Math.Max(file.BytesRead - _fileStart, 1) * limits.MaxRatio)
            throw new XlsxLimitException(
                $"This file is not a workbook as Excel saves it: its part {partName} is compressed more than {limits.MaxRatio:N0} to 1, where Excel's compress about 10 to 1. " +
                "A file like this is made to overwhelm the server that unpacks it, so Kaizen does not read it. " +
                "If it is a real workbook, open it in Excel, save it again as \"Excel Workbook (.xlsx)\", then upload that.");
        _scanner.Scan(buffer[..n]);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

// The uploaded file under the zip reader, counting the (compressed) bytes read from it.
internal sealed class XlsxCountingStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        BytesRead += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

// Follows a part's markup byte by byte (UTF-8, or UTF-16 when the part starts that way) just enough to know where each
// tag, comment, processing instruction and CDATA section starts and ends, and how deep elements nest. In text, '<'
// always starts markup (XML escapes it everywhere else), so this needs no more of XML than that.
internal sealed class XlsxMarkupScanner(string partName)
{
    private enum State : byte { Start, Text, Open, Tag, Quoted, Comment, Cdata, Pi, Decl }

    private State _state = State.Start;
    private int _width;          // 1 for UTF-8, 2 for UTF-16
    private bool _bigEndian;
    private int _half = -1;      // the first byte of a UTF-16 unit split across reads
    private byte _quote;
    private bool _endTag, _lastSlash;
    private int _length, _whitespace, _depth;
    private int _tail;           // the last three characters, for the ends of comments, CDATA and instructions
    private readonly byte[] _head = new byte[4];
    private int _headCount;
    private int _openCount;      // characters seen after '<' while deciding what it starts
    private readonly char[] _open = new char[9];

    public void Scan(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        if (_state == State.Start)
        {
            while (_headCount < 4 && i < bytes.Length) _head[_headCount++] = bytes[i++];
            if (_headCount < 4) return;
            DetectEncoding();
            _state = State.Text;
            var head = _head.AsSpan(0, 4);
            ScanUnits(head);
        }
        ScanUnits(bytes[i..]);
    }

    // UTF-8 (with or without its byte order mark) or UTF-16, the encodings a part may have; UTF-32 is refused, as the
    // scan would not see its markup.
    private void DetectEncoding()
    {
        var h = _head;
        if (h[0] == 0 && h[1] == 0 || h[0] == 0xFF && h[1] == 0xFE && h[2] == 0 && h[3] == 0 || h[0] == 0x3C && h[1] == 0 && h[2] == 0)
            throw Refused("is written in an encoding Excel never uses");
        if (h[0] == 0xFE && h[1] == 0xFF || h[0] == 0 && h[1] == 0x3C) { _width = 2; _bigEndian = true; }
        else if (h[0] == 0xFF && h[1] == 0xFE || h[0] == 0x3C && h[1] == 0) { _width = 2; _bigEndian = false; }
        else _width = 1;
    }

    private void ScanUnits(ReadOnlySpan<byte> bytes)
    {
        if (_width == 1)
        {
            for (int k = 0; k < bytes.Length; k++)
            {
                if (_state == State.Text)
                {
                    // Most of a part is text between tags: skip to the next '<' at once.
                    int next = bytes[k..].IndexOf((byte)'<');
                    if (next < 0) return;
                    k += next;
                }
                Step(bytes[k]);
            }
            return;
        }
        int i = 0;
        if (_half >= 0 && bytes.Length > 0)
        {
            Step(Unit(_half, bytes[0]));
            _half = -1;
            i = 1;
        }
        for (; i + 1 < bytes.Length; i += 2) Step(Unit(bytes[i], bytes[i + 1]));
        if (i < bytes.Length) _half = bytes[i];
    }

    // A UTF-16 unit as one byte for the scan: ASCII as itself, anything else as a letter-like byte that is none of
    // the characters the scan looks for.
    private byte Unit(int first, int second)
    {
        int unit = _bigEndian ? first << 8 | second : second << 8 | first;
        return unit < 0x80 ? (byte)unit : (byte)0x80;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private void Step(byte b)
    {
        switch (_state)
        {
            case State.Text:
                if (b == '<')
                {
                    _state = State.Open;
                    _openCount = 0;
                    _length = 1;
                }
                break;

            case State.Open:   // after '<': decides between a tag, an end tag, a comment, CDATA, a declaration or an instruction
                _length++;
                if (_openCount == 0)
                {
                    if (b == '?') { Special(State.Pi); return; }
                    if (b == '!') { _open[_openCount++] = '!'; return; }
                    _endTag = b == '/';
                    _lastSlash = false;
                    _whitespace = 0;
                    _state = State.Tag;
                    if (!_endTag && ++_depth > XlsxLimits.MaxDepth)
                        throw Refused($"nests its elements more than {XlsxLimits.MaxDepth} deep, where Excel's go about 8 deep");
                    return;
                }
                _open[_openCount++] = (char)b;
                var seen = new string(_open, 0, _openCount);
                if (seen == "!--") Special(State.Comment);
                else if (seen == "![CDATA[") Special(State.Cdata);
                else if (!"![CDATA[".StartsWith(seen, StringComparison.Ordinal) && !"!--".StartsWith(seen, StringComparison.Ordinal))
                    Special(State.Decl);   // <!DOCTYPE and the like: the parser refuses them itself
                break;

            case State.Tag:
                if (++_length > XlsxLimits.MaxTagBytes)
                    throw Refused($"has a tag longer than {XlsxLimits.MaxTagBytes / 1024} KB, where Excel's are a few dozen characters");
                if (b == '>')
                {
                    if (_endTag || _lastSlash) _depth--;
                    _state = State.Text;
                }
                else if (b is (byte)'"' or (byte)'\'')
                {
                    _quote = b;
                    _state = State.Quoted;
                    _whitespace = 0;
                    _lastSlash = false;
                }
                else if (IsSpace(b))
                {
                    if (++_whitespace > XlsxLimits.MaxTagWhitespace)
                        throw Refused($"has more than {XlsxLimits.MaxTagWhitespace:N0} blank characters in a row inside a tag, where Excel writes one");
                }
                else
                {
                    _whitespace = 0;
                    _lastSlash = b == '/';
                }
                break;

            case State.Quoted:
                if (++_length > XlsxLimits.MaxTagBytes)
                    throw Refused($"has a tag longer than {XlsxLimits.MaxTagBytes / 1024} KB, where Excel's are a few dozen characters");
                if (b == _quote) _state = State.Tag;
                break;

            case State.Comment or State.Cdata or State.Pi or State.Decl:
                if (++_length > XlsxLimits.MaxSpecialBytes)
                    throw Refused($"has a comment, CDATA section or instruction longer than {XlsxLimits.MaxSpecialBytes / 1024} KB");
                _tail = (_tail << 8 | b) & 0xFFFFFF;
                bool end = _state switch
                {
                    State.Comment => _tail == ('-' << 16 | '-' << 8 | '>'),
                    State.Cdata => _tail == (']' << 16 | ']' << 8 | '>'),
                    State.Pi => (_tail & 0xFFFF) == ('?' << 8 | '>'),
                    _ => b == '>',
                };
                if (end) _state = State.Text;
                break;
        }
    }

    private void Special(State state)
    {
        _state = state;
        _tail = 0;
    }

    private XlsxLimitException Refused(string what) => new(
        $"This file is not a workbook as Excel saves it: its part {partName} {what}. " +
        "A file like this is made to overwhelm the server that reads it, so Kaizen does not read it. " +
        "If it is a real workbook, open it in Excel, save it again as \"Excel Workbook (.xlsx)\", then upload that.");
}
