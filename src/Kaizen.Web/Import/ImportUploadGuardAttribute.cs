using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Kaizen.Web.Import;

// Reads an upload's form before the antiforgery check does, so a file that is too big, or an upload that breaks off,
// gets a plain message on the import page instead of a 400 or 500. It runs after [RequestSizeLimit] and
// [RequestFormLimits] (order 900) have set the limits and before antiforgery (order 1000) reads the form; once read,
// the form is cached and antiforgery and model binding use it. The request is refused from its Content-Length
// before any of the body is read.
[AttributeUsage(AttributeTargets.Class)]
public sealed class ImportUploadGuardAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    public const string ProblemKey = "ImportProblem";

    public int Order => 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType) return;

        string? problem = null;
        if (request.ContentLength > ImportColumns.MaxRequestBytes)
            problem = TooLarge(request.ContentLength);
        else
        {
            try { await request.ReadFormAsync(context.HttpContext.RequestAborted); }
            catch (InvalidDataException) { problem = TooLarge(null); }   // the multipart limit
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { problem = TooLarge(null); }
            catch (BadHttpRequestException) { problem = Interrupted; }
            catch (IOException) { problem = Interrupted; }
        }
        if (problem is null) return;

        // Authorization filters run before TempData is saved by the page's own filters, so it is saved here.
        var tempData = context.HttpContext.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
        tempData[ProblemKey] = problem;
        tempData.Save();
        context.Result = new RedirectToPageResult("/Import/Index");
    }

    private const string Interrupted = "The upload did not arrive complete, so nothing was checked or imported. Choose the workbook and upload it again.";

    public static string TooLarge(long? bytes) =>
        $"The file is too large to import{(bytes is { } b ? $" ({b / (1024.0 * 1024.0):N1} MB)" : "")}: a workbook can be at most " +
        $"{ImportColumns.MaxFileBytes / (1024 * 1024)} MB. Nothing was imported. Remove other sheets, pictures or unused rows, or split the workshops across two workbooks.";
}
