using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages;

// Re-executed for 403 and 404 (and any other bare status code), so the user sees a page and the status stays.
[IgnoreAntiforgeryToken]
public class StatusModel : PageModel
{
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Heading, Explanation) = code switch
        {
            403 => ("You do not have access to this", "Your role does not allow this. Improvement leads can change their own trust's records; board members write meeting reflections and actions; administrators manage everything. Ask an administrator if you need more access."),
            404 => ("Page not found", "There is no page at this address. The record may have been removed, or the link may be mistyped."),
            429 => ("Too many tries", "Too many sign-in or password requests have come from your network in the last minute. Wait a minute and try again."),
            400 => ("That request could not be accepted", "The form may have expired. Go back, reload the page and try again."),
            _ => ("Something went wrong", "Kaizen could not finish that request."),
        };
        if (code is { } c && c >= 400 && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
            Response.StatusCode = c;
    }
}
