using System.Net;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Hardening;

// A report's filter that cannot be used (unreadable, or a date Excel and Kaizen cannot hold) gets the page back with
// the reason and a 400: for the page and for its "Download Excel" alike. (Before: the download gave a 500,
// "Not a legal OleAut date", for from=0001-01-01.)
public class ReportFilterRefusalTests(SharedKaizenApp shared) : IClassFixture<SharedKaizenApp>
{
    private readonly KaizenApp app = shared.Fresh();

    [Theory]
    [InlineData("/Dashboard")]
    [InlineData("/Dashboard?handler=Excel")]
    [InlineData("/Problems")]
    [InlineData("/Problems?handler=Excel")]
    [InlineData("/Trusts/Details/{trust}")]
    [InlineData("/Trusts/Details/{trust}?handler=Excel")]
    [InlineData("/Trusts")]
    public async Task A_date_before_the_years_Kaizen_keeps_is_refused_with_the_page_and_its_reason(string url)
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();
        url = url.Replace("{trust}", cast.TrustA.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var response = await admin.GetAsync(url + (url.Contains('?') ? "&" : "?") + "from=0001-01-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var alert = (await response.ParseAsync()).QuerySelector("main .alert-danger[role=alert]");
        Assert.NotNull(alert);
        Assert.Equal("The from date 01/01/0001 is outside the dates Kaizen keeps (01/01/2000 to 31/12/2099) and was ignored.", alert!.TextContent.Trim());
    }

    [Fact]
    public async Task An_unreadable_filter_is_refused_and_a_readable_one_still_downloads()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();

        var bad = await admin.GetAsync("/Dashboard?handler=Excel&checkpoint=tomorrow");
        var good = await admin.GetAsync("/Dashboard?handler=Excel&from=2021-01-01&checkpoint=30");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("The checkpoint \"tomorrow\" was not understood", (await bad.ParseAsync()).QuerySelector("main .alert-danger")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", good.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_workshop_list_refuses_a_date_it_cannot_read()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();

        var response = await admin.GetAsync("/Workshops?from=31/02/2021");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var alert = (await response.ParseAsync()).QuerySelector("main .alert-danger[role=alert]");
        Assert.Equal("The from date \"31/02/2021\" was not understood and was ignored.", alert?.TextContent.Trim());
    }
}
