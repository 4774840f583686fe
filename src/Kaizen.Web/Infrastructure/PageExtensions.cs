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
            modelState.AddModelError(prefix + (rename?.Invoke(violation.Field) ?? violation.Field), violation.Message);
    }

    // A refused write is recorded, then answered with 403 and the status page.
    public static IActionResult Refuse(this Writes writes, string entity, long? id, string attempted)
    {
        writes.Denied(entity, id, attempted);
        return new ForbidResult();
    }

    public static IEnumerable<SelectListItem> Choices(IReadOnlyDictionary<string, string> codes) =>
        codes.Select(kv => new SelectListItem(kv.Value, kv.Key));
}
