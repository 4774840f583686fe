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

internal enum XlsxKind : byte { Empty, Text, Number, Date, DateTime, Bool }

// A value plus how to show it. Value is normalised on construction to one of:
// null, string, double, DateOnly, DateTime or bool, so the writer has a closed set to handle. Numbers, dates and
// booleans are held unboxed and the struct is kept small: a big sheet has millions of cells, each copied a few times
// on its way out. Value boxes them only when asked.
public readonly struct XlsxCell
{
    private readonly object? _ref;      // the text, or a DateTime (kept with its Kind)
    private readonly double _number;    // the number, a date's day number, a boolean as 1 or 0
    private readonly byte _format;      // the format + 1; 0 (as in default) is none
    private readonly byte _typeFormat;
    private readonly XlsxKind _kind;
    private readonly bool _bold;

    public XlsxCell(object? value, XlsxFormat? format = null, bool bold = false)
    {
        if (value is XlsxCell inner)
            (value, format, bold) = (inner.Value, format ?? inner.Format, bold || inner.Bold);
        _format = format is { } f ? (byte)((int)f + 1) : (byte)0;
        _bold = bold;
        // Integers default to #,##0; the type is lost once the value becomes a double, so remember it here.
        _typeFormat = (byte)(value switch
        {
            int or long or short or byte or sbyte or ushort or uint or ulong => XlsxFormat.Integer,
            DateOnly => XlsxFormat.Date,
            DateTime or DateTimeOffset => XlsxFormat.DateTime,
            _ => XlsxFormat.General,
        });
        switch (value)
        {
            case null: break;
            case string s: (_kind, _ref) = (XlsxKind.Text, s); break;
            case double d: (_kind, _number) = (XlsxKind.Number, d); break;
            case DateOnly d: (_kind, _number) = (XlsxKind.Date, d.DayNumber); break;
            case DateTime d: (_kind, _ref) = (XlsxKind.DateTime, d); break;
            case DateTimeOffset dto: (_kind, _ref) = (XlsxKind.DateTime, dto.DateTime); break;
            case bool b: (_kind, _number) = (XlsxKind.Bool, b ? 1 : 0); break;
            case int or long or short or byte or sbyte or ushort or uint or ulong or float or decimal:
                (_kind, _number) = (XlsxKind.Number, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable: (_kind, _ref) = (XlsxKind.Text, formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default:
                _ref = value.ToString();
                if (_ref is not null) _kind = XlsxKind.Text;
                break;
        }
    }

    private XlsxCell(XlsxKind kind, double number, XlsxFormat? format, XlsxFormat typeFormat, bool bold = false)
    {
        _kind = kind;
        _number = number;
        _format = format is { } f ? (byte)((int)f + 1) : (byte)0;
        _typeFormat = (byte)typeFormat;
        _bold = bold;
    }

    private XlsxCell(string? text, XlsxFormat? format, bool bold)
    {
        _kind = text is null ? XlsxKind.Empty : XlsxKind.Text;
        _ref = text;
        _format = format is { } f ? (byte)((int)f + 1) : (byte)0;
        _bold = bold;
    }

    public object? Value => _kind switch
    {
        XlsxKind.Text or XlsxKind.DateTime => _ref,
        XlsxKind.Number => _number,
        XlsxKind.Date => DateOnly.FromDayNumber((int)_number),
        XlsxKind.Bool => _number != 0,
        _ => null,
    };

    public XlsxFormat? Format => _format == 0 ? null : (XlsxFormat)(_format - 1);
    public bool Bold => _bold;
    internal XlsxFormat TypeFormat => (XlsxFormat)_typeFormat;
    internal XlsxKind Kind => _kind;
    internal object? Reference => _ref;
    internal string? TextValue => _kind == XlsxKind.Text ? (string)_ref! : null;
    internal double NumberValue => _number;
    internal DateOnly DateValue => DateOnly.FromDayNumber((int)_number);
    internal DateTime DateTimeValue => (DateTime)_ref!;
    internal bool BoolValue => _number != 0;

    public static XlsxCell Empty => default;
    public static XlsxCell Text(string? text, bool bold = false) => new(text, null, bold);
    public static XlsxCell BoldText(string? text) => new(text, null, true);
    public static XlsxCell Number(double? value, XlsxFormat format = XlsxFormat.General) =>
        value is { } v ? new(XlsxKind.Number, v, format, XlsxFormat.General) : new(XlsxKind.Empty, 0, format, XlsxFormat.General);
    public static XlsxCell Integer(long? value) =>
        value is { } v ? new(XlsxKind.Number, v, XlsxFormat.Integer, XlsxFormat.Integer) : new(XlsxKind.Empty, 0, XlsxFormat.Integer, XlsxFormat.General);
    public static XlsxCell Percent(double? fraction, int decimals = 0) =>
        Number(fraction, decimals == 0 ? XlsxFormat.Percent : XlsxFormat.Percent1);
    public static XlsxCell Date(DateOnly? date) =>
        date is { } d ? new(XlsxKind.Date, d.DayNumber, XlsxFormat.Date, XlsxFormat.Date) : new(XlsxKind.Empty, 0, XlsxFormat.Date, XlsxFormat.General);

    public static implicit operator XlsxCell(string? value) => new(value, null, false);
    public static implicit operator XlsxCell(double value) => new(XlsxKind.Number, value, null, XlsxFormat.General);
    public static implicit operator XlsxCell(double? value) => value is { } v ? (XlsxCell)v : Empty;
    public static implicit operator XlsxCell(int value) => new(XlsxKind.Number, value, null, XlsxFormat.Integer);
    public static implicit operator XlsxCell(int? value) => value is { } v ? (XlsxCell)v : Empty;
    public static implicit operator XlsxCell(long value) => new(XlsxKind.Number, value, null, XlsxFormat.Integer);
    public static implicit operator XlsxCell(long? value) => value is { } v ? (XlsxCell)v : Empty;
    public static implicit operator XlsxCell(decimal value) => new(XlsxKind.Number, (double)value, null, XlsxFormat.General);
    public static implicit operator XlsxCell(decimal? value) => value is { } v ? (XlsxCell)v : Empty;
    public static implicit operator XlsxCell(DateOnly value) => new(XlsxKind.Date, value.DayNumber, null, XlsxFormat.Date);
    public static implicit operator XlsxCell(DateOnly? value) => value is { } v ? (XlsxCell)v : Empty;
    public static implicit operator XlsxCell(DateTime value) => new(value);
    public static implicit operator XlsxCell(bool value) => new(XlsxKind.Bool, value ? 1 : 0, null, XlsxFormat.General);

    public static XlsxCell From(object? value) => value is XlsxCell cell ? cell : new XlsxCell(value);
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

// How a sheet shows and prints. WrapLongText wraps a text cell longer than its column is wide (a table's cells; the
// Summary's lines instead spill over the empty cells to their right). FitToHeight is the most pages tall the sheet
// prints on (0: as many as it needs; it always prints one page wide). RepeatHeader prints the header row at the top
// of every page.
public sealed record XlsxSheetOptions(bool FreezeHeader = true, bool AutoFilter = true, bool WrapLongText = true, int FitToHeight = 0,
    bool RepeatHeader = true)
{
    public static readonly XlsxSheetOptions Table = new();
    public static readonly XlsxSheetOptions Plain = new(false, false);
}

// What every printed page of a workbook says: its title and filters at the top, the day it was produced at the foot.
public sealed record XlsxPrintHeading(string Title, string? Filters, DateOnly Produced);
