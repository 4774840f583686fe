using System.Globalization;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Hosting;
using Kaizen.Web.Mail;
using Kaizen.Web.Reminders;
using Kaizen.Web.Api;

var ukCulture = CultureInfo.GetCultureInfo("en-GB");
// The server's LANG must never decide how "2500.75" or "03/02/2021" is read.
CultureInfo.DefaultThreadCurrentCulture = ukCulture;
CultureInfo.DefaultThreadCurrentUICulture = ukCulture;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ServerSetup.ContentRoot(args) });
builder.AddKaizenServer();

builder.Services.Configure<KaizenOptions>(builder.Configuration.GetSection("Kaizen"));
builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<KaizenOptions>>().Value;
    // Relative paths are taken from the content root, so `dotnet run` keeps its data beside the project.
    return Database.From(options, sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<Clock>();
builder.Services.AddImportUploads(builder.Configuration);
builder.Services.AddSingleton<SetupState>();
builder.Services.AddSingleton<Kaizen.Web.Data.Demo.DemoState>();
builder.Services.AddSingleton<UserAccounts>();
// The data-protection keys (cookies, antiforgery) in the database, so every web node reads every other's cookies.
builder.Services.AddKaizenKeyRing();
builder.Services.AddKaizenSignIn(builder.Configuration);
builder.Services.AddKaizenMail(builder.Configuration);
builder.Services.AddKaizenReminders(builder.Configuration);
// The read-only API for analysts (/api/v1): personal access tokens, its rate limit and its OpenAPI document.
builder.Services.AddKaizenApi(builder.Configuration);
builder.Services.AddScoped<Db>();
builder.Services.AddScoped<Writes>();
builder.Services.AddScoped<CurrentUser>();
builder.Services.AddHttpContextAccessor();

builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(cookie =>
    {
        cookie.LoginPath = "/Account/SignIn";
        cookie.LogoutPath = "/Account/SignOut";
        cookie.AccessDeniedPath = "/Status";
        cookie.Cookie.Name = "kaizen.auth";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        cookie.SlidingExpiration = true;
        // The way to sign-in is a relative link: the Host header a client sent is never echoed back in Location.
        cookie.Events.OnRedirectToLogin = ctx =>
        {
            var uri = new Uri(ctx.RedirectUri, UriKind.RelativeOrAbsolute);
            ctx.Response.Redirect(uri.IsAbsoluteUri ? uri.PathAndQuery : ctx.RedirectUri);
            return Task.CompletedTask;
        };
        cookie.Events.OnValidatePrincipal = ctx => ctx.HttpContext.RequestServices.GetRequiredService<UserAccounts>().ValidatePrincipal(ctx);
        // A signed-in user who may not do something gets a real 403 (rendered by the status page), not a redirect.
        cookie.Events.OnRedirectToAccessDenied = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    });

builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, KeepCookieTickets>();
// Organisation sign-in (OpenID Connect) when Kaizen:Sso:Authority is set; Kaizen:LocalPasswords=false hides passwords.
builder.AddKaizenSingleSignOn();

builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator));

builder.Services.AddAntiforgery(a =>
{
    a.Cookie.Name = "kaizen.af";
    a.Cookie.SameSite = SameSiteMode.Strict;
});

builder.Services.AddRazorPages(pages =>
{
    pages.Conventions.AuthorizeFolder("/Admin", Policies.Administrator);
    pages.Conventions.AllowAnonymousToPage("/Account/SignIn");
    pages.Conventions.AllowAnonymousToPage("/Setup/Index");
    pages.Conventions.AllowAnonymousToPage("/Error");
    pages.Conventions.AllowAnonymousToPage("/Status");
})
.AddMvcOptions(mvc =>
{
    mvc.ModelMetadataDetailsProviders.Add(new Kaizen.Web.Infrastructure.NonNullableStringsKeepEmpty());
    mvc.ModelMetadataDetailsProviders.Add(new Kaizen.Web.Infrastructure.PlausibleDatesEverywhere());
    mvc.ModelBinderProviders.Insert(0, new EntryModelBinderProvider());
    EntryModelBinderProvider.UseKaizenWords(mvc.ModelBindingMessageProvider);
    // Who may change a trust's record is decided here alone, for every handler marked [ChangesTrustRecord].
    mvc.Filters.Add<TrustRecordFilter>();
})
.AddViewOptions(v => v.HtmlHelperOptions.ClientValidationEnabled = false);
// Both wrap the framework's singletons registered by AddRazorPages (see each class for why).
builder.Services.DecorateSingleton<IAntiforgery>((sp, framework) => new ReusedAntiforgeryTokens(framework,
    sp.GetRequiredService<IOptions<AntiforgeryOptions>>().Value, sp.GetService<IAntiforgeryAdditionalDataProvider>()));
builder.Services.DecorateSingleton<ITempDataProvider>((sp, framework) => new QuietTempData(framework,
    sp.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value));

var app = builder.Build();

var database = app.Services.GetRequiredService<Database>();
try
{
    database.EnsureCreated();
    MigrationRunner.Apply(database, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KaizenOptions>>().Value.MigrationsPath
        ?? Path.Combine(AppContext.BaseDirectory, "migrations"));
    // Workshops whose figures are not kept yet (after migration 0020, or changed outside the app): worked out once now.
    Kaizen.Web.Reports.MaintainedFigures.CatchUp(database);
}
catch (Exception e) when (StorageFaults.Classify(e) is not StorageFaults.Kind.None)
{
    // Start anyway on a database that cannot be written or a full disk: every page then says so (503) and
    // /readyz reports it, rather than a process that will not start and a proxy's bare 502.
    app.Logger.LogError(e, "The database at {Path} could not be prepared: {Fault}", database.Describe, StorageFaults.Describe(StorageFaults.Classify(e)));
}

// `dotnet Kaizen.Web.dll copy-to-postgresql --to "Host=…"` copies this SQLite database into an empty PostgreSQL
// database (docs/deploy.md, "Moving from SQLite to PostgreSQL"), prints each table's rows on both, and exits.
if (args is ["copy-to-postgresql", "--to", var target, ..])
{
    using var postgres = Database.PostgreSql(target);
    MigrationRunner.Apply(postgres, Path.Combine(AppContext.BaseDirectory, "migrations"));
    var copied = CopyToPostgreSql.Copy(database, postgres, app.Services.GetRequiredService<Clock>().Today);
    foreach (var table in copied.Tables)
        Console.WriteLine($"{table.Table}: {table.Sqlite} rows in SQLite, {table.PostgreSql} in PostgreSQL");
    Console.WriteLine($"The dashboard's figures at {copied.CheckpointsCompared} checkpoints and the frozen figures of {copied.MeetingsCompared} held meetings are identical on both.");
    return;
}

// `dotnet run --project src/Kaizen.Web -- --demo` loads the demonstration programme (once) before serving.
if (args.Contains("--demo"))
{
    var clock = app.Services.GetRequiredService<Clock>();
    var demo = Kaizen.Web.Data.Demo.DemoProgramme.Load(database, clock.Today, clock.NowText);
    Console.WriteLine(demo.AlreadyLoaded
        ? $"The demonstration programme was already loaded ({demo.LoadedAt})."
        : $"Loaded the demonstration programme: {demo.Trusts} trusts, {demo.ValueStreams} value streams, {demo.Workshops} workshops, {demo.Measures} measures.");
    foreach (var user in demo.Users)
        Console.WriteLine($"  {user.Role,-14} {user.Email,-32} password: {user.Password}   (shown once, not stored)");
}

app.UseForwardedHeaders();
app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/Status", "?code={0}");
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseKaizenApiPaths();
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture(ukCulture),
    SupportedCultures = [ukCulture],
    SupportedUICultures = [ukCulture],
    RequestCultureProviders = [],
});
app.UseStaticFiles();
app.UseMiddleware<SetupGateMiddleware>();
app.UseRouting();
app.UseKaizenSignIn();
app.UseAuthentication();
app.UseAuthorization();

app.MapKaizenHealth();
app.MapRazorPages();
app.MapKaizenApi();

app.Run();

public partial class Program;
