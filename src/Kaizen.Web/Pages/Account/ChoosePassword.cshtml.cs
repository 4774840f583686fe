using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Account;

// Where an invitation or reset link lands: the person chooses a password, the link is spent, and they are signed in.
[AllowAnonymous]
public class ChoosePasswordModel(Db db, PasswordLinks links, Clock clock, KnownDevices devices) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Use a password of at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }

    // Null when the link has been used, has expired, or never existed: the page says so and offers a new one.
    public PasswordLinks.Link? Link { get; private set; }

    public async Task OnGetAsync() => Link = await links.FindAsync(db.Connection, Token);

    public async Task<IActionResult> OnPostAsync()
    {
        Link = await links.FindAsync(db.Connection, Token);
        if (Link is null || !ModelState.IsValid) return Page();

        var connection = db.Connection;
        UserRow user;
        using (var tx = connection.BeginTransaction())
        {
            var used = await links.UseAsync(connection, tx, Token);
            if (used is null)
            {
                Link = null;
                return Page();
            }
            // A new stamp ends every other session of this user (someone who knew the old password is signed out).
            await connection.ExecuteAsync("""
                UPDATE users SET password_hash = @hash, security_stamp = @stamp, version = version + 1 WHERE id = @id
                """, new { hash = UserAccounts.Hash(Input.Password), stamp = UserAccounts.NewStamp(), id = used.UserId }, tx);
            SignInGuard.Forget(connection, used.UserId, tx);
            await AuditLog.InsertAsync(connection, tx, clock.NowText, used.UserId, used.Email, "user", used.UserId, "password chosen", null,
                new { link = used.Purpose });
            user = await connection.QuerySingleAsync<UserRow>(UserAccounts.SelectUser + " WHERE id = @id", new { id = used.UserId }, tx);
            tx.Commit();
        }

        devices.Remember(HttpContext, user.Id);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserAccounts.PrincipalFor(user));
        TempData["StatusMessage"] = "Your password is set and you are signed in.";
        return Redirect("/");
    }
}
