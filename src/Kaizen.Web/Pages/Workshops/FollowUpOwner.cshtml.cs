using System.Data.Common;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Reminders;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Workshops;

// Who sees to a workshop's follow-ups (one owner for all of them). The form is shown on the workshop's page (see
// FollowUpOwnerViewComponent) and posts here; this page shows it on its own only to say what was wrong.
public class FollowUpOwnerModel(Db db, Writes writes) : PageModel
{
    // "" = the trust's improvement lead (the default, which follows the trust's leads); otherwise a user's id.
    [BindProperty] public string Owner { get; set; } = "";

    // Per measure, by measure id: "" = the workshop's owner (the default); otherwise a user's id. A measure not posted
    // keeps its owner.
    [BindProperty] public Dictionary<long, string?> MeasureOwners { get; set; } = [];

    public OwnerForm Form { get; private set; } = new();

    internal const string SelectWorkshop = """
        SELECT w.id AS Id, w.reference AS Reference, w.title AS Title, vs.trust_id AS TrustId, w.follow_up_owner_id AS OwnerId
        FROM workshops w JOIN value_streams vs ON vs.id = w.value_stream_id WHERE w.id = @id
        """;

    public sealed class WorkshopOwnerRow
    {
        public long Id { get; init; }
        public string Reference { get; init; } = "";
        public string Title { get; init; } = "";
        public long TrustId { get; init; }
        public long? OwnerId { get; init; }
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "change who owns another trust's follow-ups")]
    public async Task<IActionResult> OnGetAsync(long id)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<WorkshopOwnerRow>(SelectWorkshop, new { id });
        if (row is null) return NotFound();
        Form = await OwnerForm.LoadAsync(db.Connection, row, null, canChange: true);
        Owner = Form.Selected;
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "change who owns another trust's follow-ups")]
    public async Task<IActionResult> OnPostAsync(long id)
    {
        using var tx = writes.Begin();
        var row = await tx.QuerySingleOrDefaultAsync<WorkshopOwnerRow>(SelectWorkshop, new { id });
        if (row is null) return NotFound();
        Form = await OwnerForm.LoadAsync(tx.Connection, row, tx.Transaction, canChange: true);
        // Only one of the trust's improvement leads: never a user of another trust, a disabled one, or an id typed in.
        bool Pick(string? posted, out long? chosen)
        {
            chosen = null;
            if (string.IsNullOrEmpty(posted)) return true;
            var choice = Form.Choices.FirstOrDefault(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == posted);
            chosen = choice?.Id;
            return choice is not null;
        }
        // Every problem at once: the workshop's owner and each measure's. (Only these: an empty choice means the
        // default, so the framework's own "required" checks of the posted values do not apply.)
        var refused = false;
        if (!Pick(Owner ?? "", out var chosen))
        {
            refused = true;
            ModelState.AddModelError(nameof(Owner), "Choose one of the trust's improvement leads, or the trust's improvement lead by default.");
        }
        var measureChanges = new List<(OwnerForm.MeasureOwner Measure, long? Chosen)>();
        foreach (var m in Form.Measures)
        {
            if (!MeasureOwners.TryGetValue(m.Id, out var posted)) continue;
            if (!Pick(posted, out var measureOwner))
            {
                refused = true;
                ModelState.AddModelError($"MeasureOwners[{m.Id}]", $"Choose one of the trust's improvement leads for \"{m.Name}\", or the workshop's owner.");
            }
            else if (measureOwner != m.OwnerId) measureChanges.Add((m, measureOwner));
        }
        if (refused) return Page();
        // The owner is not part of the workshop's form, so it does not change the workshop's version: someone editing
        // the workshop at the same time is not told their edit conflicts with a change of owner.
        if (chosen != row.OwnerId)
        {
            await tx.ExecuteAsync("UPDATE workshops SET follow_up_owner_id = @chosen WHERE id = @id", new { chosen, id });
            await tx.RecordAsync("workshop", id, "follow_up_owner", new { follow_up_owner_id = row.OwnerId }, new { follow_up_owner_id = chosen });
        }
        foreach (var (m, measureOwner) in measureChanges)
        {
            await tx.ExecuteAsync("UPDATE measures SET follow_up_owner_id = @measureOwner WHERE id = @id", new { measureOwner, id = m.Id });
            await tx.RecordAsync("measure", m.Id, "follow_up_owner", new { follow_up_owner_id = m.OwnerId }, new { follow_up_owner_id = measureOwner });
        }
        // Nothing chosen differs from what is stored: nothing written, nothing to audit.
        if (chosen != row.OwnerId || measureChanges.Count > 0) tx.Commit();
        var owner = await FollowUpOwners.OwnerAsync(tx.Connection, id);
        TempData["StatusMessage"] = owner is null
            ? "The follow-ups now go to the trust's improvement lead; the trust has none yet."
            : $"The follow-ups of {row.Reference} are now owned by {owner.Name}.";
        return Redirect($"/Workshops/Details/{id}");
    }
}

// What the owner form shows: the current owner and the choices.
public sealed class OwnerForm
{
    public long WorkshopId { get; init; }
    public string Reference { get; init; } = "";
    public string Title { get; init; } = "";
    public string Selected { get; init; } = "";
    public OwnerChoice? Current { get; init; }
    public OwnerChoice? DefaultLead { get; init; }
    public IReadOnlyList<OwnerChoice> Choices { get; init; } = [];
    public bool CanChange { get; init; }
    public IReadOnlyList<MeasureOwner> Measures { get; init; } = [];

    // A measure and its own follow-up owner (null: the workshop's), with that owner's name.
    public sealed class MeasureOwner
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public long? OwnerId { get; init; }
        public string? OwnerName { get; init; }
        public string Selected => OwnerId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public static async Task<OwnerForm> LoadAsync(System.Data.Common.DbConnection c, FollowUpOwnerModel.WorkshopOwnerRow row, System.Data.Common.DbTransaction? tx, bool canChange)
    {
        var choices = await FollowUpOwners.ChoicesAsync(c, row.TrustId, tx);
        return new OwnerForm
        {
            WorkshopId = row.Id, Reference = row.Reference, Title = row.Title,
            Selected = row.OwnerId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            Current = await FollowUpOwners.OwnerAsync(c, row.Id, tx),
            DefaultLead = choices.FirstOrDefault(),
            Choices = choices,
            CanChange = canChange,
            Measures = (await Dapper.SqlMapper.QueryAsync<MeasureOwner>(c, """
                SELECT m.id AS Id, m.name AS Name, m.follow_up_owner_id AS OwnerId, u.display_name AS OwnerName
                FROM measures m LEFT JOIN users u ON u.id = m.follow_up_owner_id
                WHERE m.workshop_id = @id ORDER BY m.position, m.id
                """, new { id = row.Id }, tx)).ToList(),
        };
    }
}
