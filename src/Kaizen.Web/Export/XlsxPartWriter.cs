namespace Kaizen.Web.Export;

// The package's small parts (workbook, styles, drawings, charts, relationships, content types) written element by
// element through the same XlsxXmlWriter as the worksheets: one way to write XML, with escaping in one place.
// Start(name) opens an element; attributes follow until the first child or text; End() closes the innermost element
// (as <x/> when it has no content).
internal sealed class XlsxPartWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly XlsxXmlWriter _xml;
    private readonly Stack<string> _open = new();
    private bool _inStartTag;

    public XlsxPartWriter(Stream stream)
    {
        _stream = stream;
        // One buffer, written out whenever it fills: these parts are small.
        _xml = new XlsxXmlWriter((b, n) => _stream.Write(b, 0, n), () => _buffer, _ => { });
        _xml.Raw("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"""u8);
    }

    public XlsxPartWriter Start(string name)
    {
        CloseStartTag();
        _xml.Raw("<"u8);
        _xml.Text(name);
        _open.Push(name);
        _inStartTag = true;
        return this;
    }

    // Leaves the attribute out when the value is null.
    public XlsxPartWriter Attr(string name, string? value)
    {
        if (value is null) return this;
        if (!_inStartTag) throw new InvalidOperationException($"Attribute {name} after the content of <{_open.Peek()}>.");
        _xml.Raw(" "u8);
        _xml.Text(name);
        _xml.Raw("=\""u8);
        _xml.Attribute(value);
        _xml.Raw("\""u8);
        return this;
    }

    public XlsxPartWriter Attr(string name, long value) => Attr(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    // Shortest round-trip form, as the worksheets write numbers.
    public XlsxPartWriter Attr(string name, double value) => Attr(name, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

    public XlsxPartWriter Attr(string name, bool value) => Attr(name, value ? "1" : "0");

    public XlsxPartWriter Text(string text)
    {
        CloseStartTag();
        _xml.Text(text);
        return this;
    }

    public XlsxPartWriter End()
    {
        var name = _open.Pop();
        if (_inStartTag)
        {
            _xml.Raw("/>"u8);
            _inStartTag = false;
            return this;
        }
        _xml.Raw("</"u8);
        _xml.Text(name);
        _xml.Raw(">"u8);
        return this;
    }

    // An element with one attribute and nothing inside: <c:idx val="0"/>.
    public XlsxPartWriter Empty(string name, string attribute, string value) => Start(name).Attr(attribute, value).End();
    public XlsxPartWriter Val(string name, string value) => Empty(name, "val", value);
    public XlsxPartWriter Val(string name, long value) => Start(name).Attr("val", value).End();
    public XlsxPartWriter Val(string name, double value) => Start(name).Attr("val", value).End();
    public XlsxPartWriter Val(string name, bool value) => Start(name).Attr("val", value).End();
    public XlsxPartWriter Empty(string name) => Start(name).End();
    // An element holding text only: <c:f>'Summary'!$B$2</c:f>.
    public XlsxPartWriter Element(string name, string text) => Start(name).Text(text).End();

    private void CloseStartTag()
    {
        if (!_inStartTag) return;
        _xml.Raw(">"u8);
        _inStartTag = false;
    }

    public void Dispose()
    {
        // Not a check that every element was closed: throwing here would hide the exception that left one open.
        _xml.Dispose();
        _stream.Dispose();
    }
}
