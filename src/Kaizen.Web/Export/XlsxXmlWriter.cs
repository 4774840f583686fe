using System.Buffers;
using System.Globalization;

namespace Kaizen.Web.Export;

// Worksheet XML written as UTF-8 bytes into a buffer that is handed on when full. A national-scale workbook has
// millions of cells: an element object, an attribute list and a string per cell (the SDK's OpenXmlWriter) cost
// several times more than compressing the result.
internal sealed class XlsxXmlWriter : IDisposable
{
    internal const int BufferSize = 1024 * 1024;
    // The most bytes one UTF-16 character can become: "&amp;" (a surrogate pair is 4 bytes for 2 characters).
    internal const int MaxBytesPerChar = 5;
    private static readonly SearchValues<char> TextSpecial = SearchValues.Create("&<>");
    private static readonly SearchValues<char> AttributeSpecial = SearchValues.Create("&<>\"");

    private readonly Action<byte[], int> _flush;
    private readonly Func<byte[]> _rent;
    private readonly Action<byte[]> _giveBack;
    private byte[] _buffer;
    private int _pos;

    // flush receives each full buffer (and its length) and keeps it; the writer carries on in a fresh one from rent.
    // giveBack takes the last buffer when it is left empty.
    public XlsxXmlWriter(Action<byte[], int> flush, Func<byte[]> rent, Action<byte[]> giveBack)
    {
        _flush = flush;
        _rent = rent;
        _giveBack = giveBack;
        _buffer = rent();
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _pos)
        {
            while (bytes.Length > 0)
            {
                if (_pos == _buffer.Length) Flush();
                int n = Math.Min(bytes.Length, _buffer.Length - _pos);
                bytes[..n].CopyTo(_buffer.AsSpan(_pos));
                _pos += n;
                bytes = bytes[n..];
            }
            return;
        }
        bytes.CopyTo(_buffer.AsSpan(_pos));
        _pos += bytes.Length;
    }

    // Room for bytes in the buffer, to be filled and then passed to Advance; empty when they would not fit in any buffer.
    public Span<byte> Reserve(int bytes)
    {
        if (bytes > _buffer.Length) return default;
        Ensure(bytes);
        return _buffer.AsSpan(_pos, bytes);
    }

    public void Advance(int bytes) => _pos += bytes;

    public void Int(long value)
    {
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(_pos), out int written, default, CultureInfo.InvariantCulture);
        _pos += written;
    }

    // Shortest round-trip form, as double.ToString("R") gives.
    public void Double(double value)
    {
        Ensure(40);
        value.TryFormat(_buffer.AsSpan(_pos), out int written, "R", CultureInfo.InvariantCulture);
        _pos += written;
    }

    // An attribute's value: &, <, > and " escaped.
    public void Attribute(ReadOnlySpan<char> text)
    {
        while (true)
        {
            int i = text.IndexOfAny(AttributeSpecial);
            Utf8(i < 0 ? text : text[..i]);
            if (i < 0) return;
            Raw(text[i] switch { '&' => "&amp;"u8, '<' => "&lt;"u8, '>' => "&gt;"u8, _ => "&quot;"u8 });
            text = text[(i + 1)..];
        }
    }

    // Element content: &, < and > escaped.
    public void Text(ReadOnlySpan<char> text)
    {
        while (true)
        {
            int i = text.IndexOfAny(TextSpecial);
            Utf8(i < 0 ? text : text[..i]);
            if (i < 0) return;
            Raw(text[i] switch { '&' => "&amp;"u8, '<' => "&lt;"u8, _ => "&gt;"u8 });
            text = text[(i + 1)..];
        }
    }

    // Element content (&, < and > escaped) into destination, which must hold MaxBytesPerChar bytes per character; the
    // bytes written.
    public static int EscapeText(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int total = 0;
        while (true)
        {
            int i = text.IndexOfAny(TextSpecial);
            System.Text.Unicode.Utf8.FromUtf16(i < 0 ? text : text[..i], destination[total..], out _, out int written);
            total += written;
            if (i < 0) return total;
            var entity = text[i] switch { '&' => "&amp;"u8, '<' => "&lt;"u8, _ => "&gt;"u8 };
            entity.CopyTo(destination[total..]);
            total += entity.Length;
            text = text[(i + 1)..];
        }
    }

    private void Utf8(ReadOnlySpan<char> chars)
    {
        while (true)
        {
            var status = System.Text.Unicode.Utf8.FromUtf16(chars, _buffer.AsSpan(_pos), out int read, out int written);
            _pos += written;
            if (status != OperationStatus.DestinationTooSmall) return;
            chars = chars[read..];
            Flush();
        }
    }

    private void Ensure(int bytes)
    {
        if (_buffer.Length - _pos < bytes) Flush();
    }

    public void Flush()
    {
        if (_pos == 0) return;
        _flush(_buffer, _pos);
        _buffer = _rent();
        _pos = 0;
    }

    // Hands on what is left; the writer is not used again.
    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        if (_pos > 0) _flush(_buffer, _pos);
        else _giveBack(_buffer);
        _buffer = [];
        _pos = 0;
    }
}
