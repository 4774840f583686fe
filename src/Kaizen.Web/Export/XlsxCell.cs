using System.Globalization;

namespace Kaizen.Web.Export;

public enum XlsxFormat
{
    General,
    Text,
    Integer,   // #,##0
    Number1,   // #,##0.0
    Number2,   // #,##0.00
    Percent,   // 0%
    Percent1,  // 0.0%
    Date,      // dd/mm/yyyy
    DateTime,  // dd/mm/yyyy hh:mm
    Month,     // mmm yyyy
}

// A value plus how to show it. Value is normalised on construction to one of:
// null, string, double, DateOnly, DateTime or bool, so the writer has a closed set to handle.
public readonly struct XlsxCell
{
    public object? Value { get; }
    public XlsxFormat? Format { get; }
    public bool Bold { get; }

    public XlsxCell(object? value, XlsxFormat? format = null, bool bold = false)
    {
        if (value is XlsxCell inner)
            (value, format, bold) = (inner.Value, format ?? inner.Format, bold || inner.Bold);
        Value = Normalise(value);
        Format = format;
        Bold = bold;
        // Integers default to #,##0; the type is lost once the value becomes a double, so remember it here.
        TypeFormat = value switch
        {
            int or long or short or byte or sbyte or ushort or uint or ulong => XlsxFormat.Integer,
            DateOnly => XlsxFormat.Date,
            DateTime or DateTimeOffset => XlsxFormat.DateTime,
            _ => XlsxFormat.General,
        };
    }

    internal XlsxFormat TypeFormat { get; }

    public static XlsxCell Empty => default;
    public static XlsxCell Text(string? text, bool bold = false) => new(text, null, bold);
    public static XlsxCell BoldText(string? text) => new(text, null, true);
    public static XlsxCell Number(double? value, XlsxFormat format = XlsxFormat.General) => new(value, format);
    public static XlsxCell Integer(long? value) => new(value, XlsxFormat.Integer);
    public static XlsxCell Percent(double? fraction, int decimals = 0) =>
        new(fraction, decimals == 0 ? XlsxFormat.Percent : XlsxFormat.Percent1);
    public static XlsxCell Date(DateOnly? date) => new(date, XlsxFormat.Date);

    public static implicit operator XlsxCell(string? value) => new(value);
    public static implicit operator XlsxCell(double value) => new(value);
    public static implicit operator XlsxCell(double? value) => new(value);
    public static implicit operator XlsxCell(int value) => new(value);
    public static implicit operator XlsxCell(int? value) => new(value);
    public static implicit operator XlsxCell(long value) => new(value);
    public static implicit operator XlsxCell(long? value) => new(value);
    public static implicit operator XlsxCell(decimal value) => new(value);
    public static implicit operator XlsxCell(decimal? value) => new(value);
    public static implicit operator XlsxCell(DateOnly value) => new(value);
    public static implicit operator XlsxCell(DateOnly? value) => new(value);
    public static implicit operator XlsxCell(DateTime value) => new(value);
    public static implicit operator XlsxCell(bool value) => new(value);

    public static XlsxCell From(object? value) => value is XlsxCell cell ? cell : new XlsxCell(value);

    private static object? Normalise(object? value) => value switch
    {
        null or string or double or DateOnly or DateTime or bool => value,
        int or long or short or byte or sbyte or ushort or uint or ulong or float or decimal =>
            Convert.ToDouble(value, CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.DateTime,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

public sealed class XlsxColumn
{
    public XlsxColumn(string header, XlsxFormat format = XlsxFormat.General, double? width = null, bool wrap = false)
    {
        Header = header;
        Format = format;
        Width = width;
        Wrap = wrap;
    }

    public string Header { get; }
    public XlsxFormat Format { get; }
    public double? Width { get; }   // in Excel character units; null = fitted from the content
    public bool Wrap { get; }
}

public sealed record XlsxSheetOptions(bool FreezeHeader = true, bool AutoFilter = true)
{
    public static readonly XlsxSheetOptions Table = new();
    public static readonly XlsxSheetOptions Plain = new(false, false);
}
