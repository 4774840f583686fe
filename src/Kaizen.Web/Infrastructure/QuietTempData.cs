using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Kaizen.Web.Infrastructure;

// Every page reads TempData (the status message), and the framework's cookie provider then answers every response
// with a Set-Cookie deleting the TempData cookie, whether or not the browser had one. Deleting a cookie the browser
// did not send does nothing, so that header is left out; everything else is the framework's.
public sealed class QuietTempData(ITempDataProvider inner, CookieTempDataProviderOptions options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values is { Count: > 0 } || HasCookie(context.Request.Cookies))
            inner.SaveTempData(context, values);
    }

    // The cookie, or any chunk of it (a long one is split into name, nameC1, nameC2...).
    bool HasCookie(IRequestCookieCollection cookies)
    {
        var name = options.Cookie.Name ?? CookieTempDataProvider.CookieName;
        foreach (var cookie in cookies.Keys)
            if (cookie.StartsWith(name, StringComparison.Ordinal)) return true;
        return false;
    }
}
