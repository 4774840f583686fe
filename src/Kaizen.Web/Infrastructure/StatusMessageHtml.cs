using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Infrastructure;

public static class StatusMessageHtml
{
    // What a POST left in TempData["StatusMessage"] for the page it redirected to, shown once: @Html.StatusMessage().
    // A helper rather than a partial, because most pages show it and a partial is a view lookup and an activation on
    // every request.
    public static IHtmlContent StatusMessage(this IHtmlHelper html)
    {
        if (html.TempData["StatusMessage"] is not string { Length: > 0 } message) return HtmlString.Empty;
        return new HtmlContentBuilder(3)
            .AppendHtml("<div class=\"alert alert-success\" role=\"status\">")
            .Append(message)
            .AppendHtml("</div>");
    }
}
