using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.Board.Members;

public interface IMemberForm
{
    MemberInput Input { get; }
    IEnumerable<SelectListItem> Trusts { get; }
    IEnumerable<SelectListItem> Users { get; }
}
