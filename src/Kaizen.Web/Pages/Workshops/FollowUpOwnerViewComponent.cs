using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Kaizen.Web.Pages.Workshops;

// The owner of a workshop's follow-ups on its details page, with the form to change it for those who may edit the
// workshop. A component, so that the details page needs one line: @await Component.InvokeAsync("FollowUpOwner", ...).
[ViewComponent(Name = "FollowUpOwner")]
public sealed class FollowUpOwnerViewComponent(Db db, CurrentUser me) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long workshopId)
    {
        var row = await db.Connection.QuerySingleAsync<FollowUpOwnerModel.WorkshopOwnerRow>(FollowUpOwnerModel.SelectWorkshop, new { id = workshopId });
        var form = await OwnerForm.LoadAsync(db.Connection, row, null, canChange: me.CanEditTrust(row.TrustId));
        return View("/Pages/Workshops/_FollowUpOwnerForm.cshtml", form);
    }
}
