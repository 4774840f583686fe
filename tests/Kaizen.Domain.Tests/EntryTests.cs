using Kaizen.Domain;

namespace Kaizen.Domain.Tests;

// The one way Kaizen reads a typed number or date, for the forms and the import alike.
public class EntryTests
{
    [Theory]
    [InlineData("3.5", 3.5)]
    [InlineData("1,250.5", 1250.5)]
    [InlineData("1,250,000", 1250000)]
    [InlineData("  42 ", 42)]
    [InlineData("-7", -7)]
    [InlineData("0.05", 0.05)]
    [InlineData(".5", 0.5)]
    [InlineData("1250", 1250)]
    public void Numbers_written_the_British_way_are_read(string text, double expected) =>
        Assert.Equal(expected, Entry.Number(text).Value);

    [Theory]
    [InlineData("3,5", "\"3,5\" is not a number Kaizen can read: a comma only separates thousands, in groups of three (1,250.5). If you meant 3.5, type it with a full stop.")]
    [InlineData("1,25", "\"1,25\" is not a number Kaizen can read: a comma only separates thousands, in groups of three (1,250.5). If you meant 1.25, type it with a full stop.")]
    [InlineData("1,2345.6", "\"1,2345.6\" is not a number Kaizen can read: a comma only separates thousands, in groups of three (1,250.5).")]
    [InlineData("12 hours", "\"12 hours\" is not a number. Use a full stop for decimals and commas only between thousands, for example 2,500.5.")]
    [InlineData("5%", "\"5%\" has a % sign: type the number alone, for example 5 for 5%.")]
    [InlineData("1e308", "\"1e308\" is not a number. Use a full stop for decimals and commas only between thousands, for example 2,500.5.")]
    [InlineData("NaN", "\"NaN\" is not a number. Use a full stop for decimals and commas only between thousands, for example 2,500.5.")]
    [InlineData("٣", "\"٣\" is not a number. Use a full stop for decimals and commas only between thousands, for example 2,500.5.")]
    public void Anything_else_is_refused_with_how_to_write_it(string text, string problem)
    {
        var read = Entry.Number(text);
        Assert.Null(read.Value);
        Assert.Equal(problem, read.Problem);
    }

    [Fact]
    public void An_empty_entry_is_no_value_and_no_problem()
    {
        Assert.Equal(default, Entry.Number("  "));
        Assert.Equal(default, Entry.Date(null));
    }

    [Theory]
    [InlineData("31/09/2026", "\"31/09/2026\" is not a real date: September 2026 has 30 days. Enter the date as dd/mm/yyyy, for example 14/03/2024.")]
    [InlineData("12/31/2026", "\"12/31/2026\" is not a real date: there is no month 31 (dates are day, then month, then year). Enter the date as dd/mm/yyyy, for example 14/03/2024.")]
    [InlineData("next week", "\"next week\" is not a date Kaizen can read. Enter the date as dd/mm/yyyy, for example 14/03/2024.")]
    public void Impossible_dates_say_why(string text, string problem) => Assert.Equal(problem, Entry.Date(text).Problem);

    [Theory]
    [InlineData("30/09/2026")]
    [InlineData("2026-09-30")]
    [InlineData("30/9/2026")]
    public void Dates_as_typed_or_as_a_date_picker_sends_them_are_read(string text) =>
        Assert.Equal(new DateOnly(2026, 9, 30), Entry.Date(text).Value);

    [Fact]
    public void A_whole_number_refuses_a_fraction() =>
        Assert.Equal("\"3.5\" is not a whole number. Enter a whole number, for example 5.", Entry.WholeNumber("3.5").Problem);
}
