using Kaizen.Web.Infrastructure;
using System.ComponentModel.DataAnnotations;

namespace Kaizen.Web.Pages.Admin.Trusts;

public sealed class TrustInput
{
    [Required(ErrorMessage = "Enter the trust's name.")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters for the name.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Enter a short code such as SASH.")]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{1,9}$", ErrorMessage = "Use 2 to 10 letters or digits, starting with a letter (for example SASH).")]
    [Display(Name = "Short code")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Enter the date the trust joined the programme.")]
    [Display(Name = "Date joined")]
    [PlausibleDate]
    public DateOnly? JoinedOn { get; set; }

    public long Version { get; set; }
}
