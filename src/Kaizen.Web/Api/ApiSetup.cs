using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Kaizen.Web.Api;

public sealed class ApiOptions
{
    // Requests per minute per token (Kaizen:Api:RequestsPerMinute).
    public int RequestsPerMinute { get; set; } = 120;
}

// The dashboard's filter, declared for the OpenAPI document. The values are read by ReportFilter.Read, the same reader
// as the dashboard's (so the same refusals), not from these properties.
public sealed record FilterQuery(
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "trust")] string? Trust,
    [property: FromQuery(Name = "vs")] string? Vs,
    [property: FromQuery(Name = "checkpoint")] string? Checkpoint);

public sealed record PageQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "offset")] string? Offset);

// The read-only API for analysts (/api/v1), its OpenAPI document (/openapi/v1.json) and reference page (/scalar/v1).
public static class ApiSetup
{
    public const string Policy = "api";
    public const string RateLimitPolicy = "api";

    public static IServiceCollection AddKaizenApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiOptions>(configuration.GetSection("Kaizen:Api"));
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessTokenHandler>(AccessTokens.Scheme, null);
        // Only the token scheme: a signed-in browser's cookie alone is refused (401), so a page's script, or a forged
        // cross-site request riding the cookie, cannot read the API; and a token opens no page, only the API.
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(AccessTokens.Scheme).RequireAuthenticatedUser());
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // Numbers are numbers (the web default also reads them from strings, which the OpenAPI document then declares).
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddRateLimiter(limiter => limiter.AddPolicy(RateLimitPolicy, context =>
        {
            var perMinute = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.RequestsPerMinute;
            // Partitioned by token (its hash: the token itself is not kept even in memory); a request without one by address.
            var key = AccessTokens.Read(context.Request) is { } token ? "token:" + AccessTokens.Hash(token) : "address:" + SignInSource.AddressOf(context);
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
            });
        }));
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Kaizen figures API",
                    Version = "v1",
                    Description = "The programme's figures as the dashboard computes them, read-only. Send a personal access token " +
                        "(made on your profile page) as \"Authorization: Bearer <token>\". Every list answers JSON, or CSV with " +
                        "\"Accept: text/csv\" or a .csv suffix on the path. See /Api for Excel and Power BI.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "A personal access token." };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                return Task.CompletedTask;
            });
            // Every list also answers CSV: the same rows, a header of the same names.
            o.AddOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Content ??= new Dictionary<string, OpenApiMediaType>();
                    response.Content[ApiAnswers.CsvType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The items as CSV (RFC 4180), one column per item property." } };
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    // Before routing: on /api, a ".csv" path is the same endpoint answering CSV, and errors are answered by the API
    // itself (JSON), not re-executed as the HTML status page.
    public static IApplicationBuilder UseKaizenApiPaths(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/api", out _))
        {
            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            var path = context.Request.Path.Value!;
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                context.Request.Path = path[..^4];
                context.Items[ApiAnswers.CsvItemKey] = true;
            }
        }
        return next(context);
    });

    public static void MapKaizenApi(this WebApplication app)
    {
        // The document is read by people signed in (the reference page) and by tools holding a token.
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(new AuthorizationPolicyBuilder(
            Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme, AccessTokens.Scheme).RequireAuthenticatedUser().Build());
        // Scalar's page starts itself with an inline script, which the site-wide policy forbids: it is served with a
        // policy of its own carrying a nonce for this answer (SecurityHeadersMiddleware.ApiReferencePolicy). Its scripts
        // are served by the app itself; the default fonts (from Scalar's site) are turned off.
        app.MapScalarApiReference("/scalar", (o, http) =>
        {
            var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            http.Items[SecurityHeadersMiddleware.NonceKey] = nonce;
            o.WithTitle("Kaizen figures API").WithOpenApiRoutePattern("/openapi/{documentName}.json").WithNonce(nonce).DisableDefaultFonts();
        });

        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).RequireRateLimiting(RateLimitPolicy);

        api.MapGet("/rollup", async (HttpContext http, Db db, Clock clock, [AsParameters] FilterQuery f, [AsParameters] PageQuery p) =>
                await WithDashboard(http, db, clock, view => RollUpRow.Of(view.RollUp)))
            .WithName("ProgrammeRollUp").WithSummary("The programme roll-up at the checkpoint: one row per measure kind.")
            .Answers<RollUpRow>();
        api.MapGet("/rollup/trusts", async (HttpContext http, Db db, Clock clock, [AsParameters] FilterQuery f, [AsParameters] PageQuery p) =>
                await WithDashboard(http, db, clock, view => view.ByTrust.Rows.SelectMany(g => RollUpRow.Of(g.RollUp, g.Id, g.Name))))
            .WithName("RollUpByTrust").WithSummary("The roll-up by trust (the dashboard's table): one row per trust and kind.")
            .Answers<RollUpRow>();
        api.MapGet("/rollup/value-streams", async (HttpContext http, Db db, Clock clock, [AsParameters] FilterQuery f, [AsParameters] PageQuery p) =>
                await WithDashboard(http, db, clock, view =>
                {
                    var streams = view.Form.ValueStreams.ToDictionary(v => v.Id);
                    return view.ByValueStream.Rows.SelectMany(g => streams.TryGetValue(g.Id, out var v)
                        ? RollUpRow.Of(g.RollUp, v.TrustId, v.TrustName, v.Id, v.Name) : RollUpRow.Of(g.RollUp, null, null, g.Id, g.Name));
                }))
            .WithName("RollUpByValueStream").WithSummary("The roll-up by value stream: one row per value stream with workshops in the filter, and kind.")
            .Answers<RollUpRow>();
        api.MapGet("/workshops", async (HttpContext http, Db db, Clock clock, [AsParameters] FilterQuery f, [AsParameters] PageQuery p) =>
                await WithDashboard(http, db, clock, view => view.Set.Workshops.Select(w => new WorkshopApiRow
                {
                    Id = w.Id, Reference = w.Reference, Title = w.Title, ReportOut = w.ReportOut, Status = w.Status == Kaizen.Domain.WorkshopStatus.Completed ? "completed" : "planned",
                    TrustId = w.TrustId, TrustCode = w.TrustCode, TrustName = w.TrustName, ValueStreamId = w.ValueStreamId, ValueStreamName = w.ValueStreamName,
                    Measures = view.Set.MeasuresByWorkshop[w.Id].Count(),
                })))
            .WithName("Workshops").WithSummary("The workshops the figures count (held, in the filter), in report-out order.")
            .Answers<WorkshopApiRow>();
        api.MapGet("/measures", async (HttpContext http, Db db, Clock clock, [AsParameters] FilterQuery f, [AsParameters] PageQuery p) =>
                await WithDashboard(http, db, clock, view => view.Set.Measures.Select(MeasureApiRow.Of)))
            .WithName("Measures").WithSummary("Those workshops' measures with their 30/60/90-day follow-ups.")
            .Answers<MeasureApiRow>();
        api.MapGet("/problems", async (HttpContext http, Db db, Clock clock, [AsParameters] FilterQuery f, [AsParameters] PageQuery p) =>
                await WithDashboard(http, db, clock, view => ProblemApiRow.Of(view.Problems)))
            .WithName("Problems").WithSummary("The problem-sensing lists (got worse, not sustained, won't be measured, overdue, awaiting data, quiet, revised).")
            .Answers<ProblemApiRow>();
        api.MapGet("/board/meetings", async (HttpContext http, Db db, [AsParameters] PageQuery p) =>
                ApiAnswers.List(http, (await BoardQueries.MeetingsAsync(db.Connection)).Select(m => new MeetingApiRow
                {
                    Id = m.Id, MeetingDate = m.Date, HeldAt = m.HeldAt, HeldBy = m.HeldBy, CompactNumber = m.CompactNumber,
                    Attended = (int)m.Attended, Reflections = (int)m.Reflections, ActionsRaised = (int)m.ActionsRaised,
                    FiguresMonth = m.FrozenJson is { } json ? FrozenFigures.FromJson(json).Month : null,
                })))
            .WithName("BoardMeetings").WithSummary("The board's meetings, latest first.")
            .Answers<MeetingApiRow>();
        api.MapGet("/board/figures", async (HttpContext http, Db db, [AsParameters] PageQuery p) =>
                ApiAnswers.List(http, (await BoardQueries.MeetingsAsync(db.Connection)).Where(m => m.FrozenJson is not null)
                    .SelectMany(m => FrozenFigureApiRow.Of(m, FrozenFigures.FromJson(m.FrozenJson!)))))
            .WithName("BoardFrozenFigures").WithSummary("The figures frozen when each meeting was marked held: one row per meeting, period and kind.")
            .Answers<FrozenFigureApiRow>();
        api.MapGet("/board/figures/trusts", async (HttpContext http, Db db, [AsParameters] PageQuery p) =>
                ApiAnswers.List(http, (await BoardQueries.MeetingsAsync(db.Connection)).Where(m => m.FrozenJson is not null)
                    .SelectMany(m => FrozenTrustApiRow.Of(m, FrozenFigures.FromJson(m.FrozenJson!)))))
            .WithName("BoardFrozenTrustFigures").WithSummary("The per-trust table frozen with each held meeting: one row per meeting, period, trust and kind.")
            .Answers<FrozenTrustApiRow>();
    }

    // What every list may answer, for the OpenAPI document.
    static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder endpoint) => endpoint.Produces<Page<T>>()
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
        .Produces(StatusCodes.Status304NotModified).Produces(StatusCodes.Status429TooManyRequests);

    // The dashboard's own view for this filter (DashboardView.BuildAsync, shared with /Dashboard and its cache): the
    // API lays out its figures, it never computes them again. A refused filter is a 400 with the dashboard's words.
    static async Task<IResult> WithDashboard<T>(HttpContext http, Db db, Clock clock, Func<DashboardView, IEnumerable<T>> rows)
    {
        var filter = ReportFilter.Read(http.Request);
        if (filter.Refused) return ApiAnswers.Refused(string.Join(" ", filter.Refusals));
        var view = await DashboardView.BuildAsync(db, filter, clock.Today);
        return ApiAnswers.List(http, rows(view));
    }
}
