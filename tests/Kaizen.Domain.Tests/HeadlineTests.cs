using Kaizen.Domain;
using static Kaizen.Domain.Tests.Facts;

namespace Kaizen.Domain.Tests;

public class HeadlineTests
{
    [Fact]
    public void Headline_sentence_reads_in_the_published_style()
    {
        // Process time, minutes: W1 180,000 -> 60,000; W2 120,000 -> 54,690.
        //   (300,000 − 114,690) / 300,000 = 0.6177 -> 62%; 185,310 / 60 = 3,088.5 hrs -> 3,089 (half rounds up)
        // Errors: W3 30 -> 10 over 7 days: 20/30 = 0.666... -> 67%
        // Error rate: W4 8/16 -> 3/16: 1 − 0.1875/0.5 = 0.625; W5 4/8 -> 3/16: also 0.625.
        //   mean 0.625 -> 62.5% -> 63% (half rounds away from zero, not to even)
        var p = RollUp.ForAll(
            [
                Time(1, 1, 180_000, 60_000), Time(2, 2, 120_000, 54_690),
                Count(3, 3, R(30, 7), R(10, 7)),
                Rate(4, 4, R(8, 16), R(3, 16)), Rate(5, 5, R(4, 8), R(3, 16)),
            ],
            Checkpoint.ReportOut);

        Assert.Equal(
            "Process time (2 workshops) reduced by 62% = 3,089 hrs; Total errors (1 workshop) 67%; Error rate (2 workshops) 63%",
            Headline.Sentence(p));
    }

    [Fact]
    public void Headline_says_no_data_when_nothing_can_be_counted()
    {
        // Measure 1 has no result yet, so nothing is counted anywhere.
        var p = RollUp.ForAll([Time(1, 1, 100, null)], Checkpoint.ReportOut);

        Assert.Equal(
            "Process time (0 workshops) no data; Total errors (0 workshops) no data; Error rate (0 workshops) no data",
            Headline.Sentence(p));
    }

    [Fact]
    public void Headline_says_in_words_when_things_got_worse()
    {
        // Time: 6,000 -> 6,720 minutes: −720/6,000 = −12%, 12 hrs added.
        // Errors: 25 -> 28: −3/25 = −12%.
        // Rate: 10/100 -> 14/125: 1 − 0.112/0.1 = −0.12 -> worse by 12%.
        var p = RollUp.ForAll(
            [Time(1, 1, 6000, 6720), Count(2, 2, R(25, 7), R(28, 7)), Rate(3, 3, R(10, 100), R(14, 125))],
            Checkpoint.ReportOut);

        Assert.Equal(
            "Process time (1 workshop) increased by 12% = 12 hrs added; Total errors (1 workshop) worse by 12%; Error rate (1 workshop) worse by 12%",
            Headline.Sentence(p));
    }

    [Fact]
    public void One_hour_is_singular()
    {
        // 600 -> 540 minutes: 60/600 = 10%, 1 hr.
        var k = RollUp.For([Time(1, 1, 600, 540)], MeasureKind.ProcessTime, Checkpoint.ReportOut);

        Assert.Equal("Process time (1 workshop) reduced by 10% = 1 hr", Headline.Part(k));
    }
}

public class DefinitionsTests
{
    [Fact]
    public void Every_definition_is_listed_once_with_words()
    {
        Assert.Equal(9, Definitions.All.Count);
        Assert.Equal(Definitions.All.Count, Definitions.All.Select(d => d.Term).Distinct().Count());
        Assert.All(Definitions.All, d => Assert.True(d.Text.Length > 100, d.Term));
    }

    [Fact]
    public void Definitions_state_the_numbers_the_code_uses()
    {
        Assert.Contains("2.66", Definitions.Xmr);
        Assert.Contains("run of 7", Definitions.Xmr);
        Assert.Contains("1%", Definitions.ImprovedSameWorse);
        Assert.Contains("half", Definitions.Sustainment);
        Assert.Contains("30, 60 and 90 days", Definitions.Sustainment);
    }
}
