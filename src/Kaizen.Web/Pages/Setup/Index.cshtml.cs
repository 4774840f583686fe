using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Setup;

// First-run setup: exists only while the database has no user at all.
public class IndexModel(SetupState setup, Db db, Clock clock, Database database, Kaizen.Web.Data.Demo.DemoState demo) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the administrator's email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@nhs.net.")]
        [StringLength(254, ErrorMessage = "An email address has at most 254 characters.")]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter the administrator's name.")]
        [StringLength(100, ErrorMessage = "Use at most 100 characters for the name.")]
        [Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Use a password of at least 10 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";

        [Display(Name = "Load the demonstration programme (five trusts, 2016–2021) to try Kaizen")]
        public bool LoadDemo { get; set; }
    }

    public IActionResult OnGet() => setup.HasUsers ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (setup.HasUsers) return NotFound();
        if (!ModelState.IsValid) return Page();

        var connection = db.Connection;
        using var tx = connection.BeginTransaction();
        // Checked again inside the write transaction: two first visitors cannot both become administrator.
        if (await connection.ExecuteScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM users)", transaction: tx) == 1)
            return NotFound();
        var user = new UserRow
        {
            Email = Input.Email.Trim(), DisplayName = Input.DisplayName.Trim(), Role = Roles.Administrator,
            PasswordHash = UserAccounts.Hash(Input.Password), SecurityStamp = UserAccounts.NewStamp(),
        };
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at)
            VALUES (@Email, @DisplayName, @Role, @PasswordHash, @SecurityStamp, @now)
            RETURNING id
            """, new { user.Email, user.DisplayName, user.Role, user.PasswordHash, user.SecurityStamp, now = clock.NowText }, tx);
        await AuditLog.InsertAsync(connection, tx, clock.NowText, id, user.Email, "user", id, "create", null,
            new { email = user.Email, display_name = user.DisplayName, role = user.Role, via = "first-run setup" });
        tx.Commit();

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserAccounts.PrincipalFor(user with { Id = id }));
        TempData["StatusMessage"] = "Kaizen is set up and you are signed in as its first administrator.";
        if (!Input.LoadDemo) return Redirect("/");

        var result = Kaizen.Web.Data.Demo.DemoProgramme.Load(database, clock.Today, clock.NowText, id, user.Email);
        demo.MarkLoaded();
        // The demo users' passwords exist only in this result: they travel once, encrypted, to the page that shows them.
        TempData["DemoUsers"] = System.Text.Json.JsonSerializer.Serialize(result.Users);
        return Redirect("/Demo/Users");
    }
}
