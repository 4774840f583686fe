using Kaizen.Domain;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Infrastructure;

public static class PageExtensions
{
    // Domain rules reach the user the same way as DataAnnotations: a message beside the field.
    public static void AddRuleViolations(this ModelStateDictionary modelState, IEnumerable<RuleViolation> violations, string prefix = "Input.", Func<string, string>? rename = null)
    {
        foreach (var violation in violations)
        {
            var key = prefix + (rename?.Invoke(violation.Field) ?? violation.Field);
            // A field that could not even be read ("3,5") keeps that message: the rules saw no value there.
            if (modelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
                modelState.AddModelError(key, violation.Message);
        }
    }

    // A refused write is recorded, then answered with 403 and the status page.
    public static IActionResult Refuse(this Writes writes, string entity, long? id, string attempted)
    {
        writes.Denied(entity, id, attempted);
        return new ForbidResult();
    }

    // For a page with several forms: forget the other forms' binding state and validate the posted one. A complex
    // [BindProperty] none of whose fields were posted is never validated by MVC, so a bare post would skip [Required].
    public static void ValidateOnly(this Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, string prefix)
    {
        foreach (var key in page.ModelState.Keys.Where(k => k != prefix && !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
            page.ModelState.Remove(key);
        var form = page.GetType().GetProperty(prefix)?.GetValue(page);
        if (form is not null && !form.GetType().IsValueType && form is not string)
            page.TryValidateModel(form, prefix);
    }

    public static IEnumerable<SelectListItem> Choices(IReadOnlyDictionary<string, string> codes) =>
        codes.Select(kv => new SelectListItem(kv.Value, kv.Key));
}
