using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Security;

// Everything the password sign-in needs, registered in one call from Program.cs.
public static class SignInSetup
{
    public const string RateLimitPolicy = "sign-in";

    public static IServiceCollection AddKaizenSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SignInOptions>(configuration.GetSection("Kaizen:SignIn"));
        services.AddSingleton<IPasswords>(Passwords.Default);
        services.AddSingleton<SignInGuard>();
        services.AddSingleton<KnownDevices>();
        services.AddSingleton<PasswordLinks>();
        services.AddRateLimiter(limiter =>
        {
            // Answered by the status page; the limit is reached before the form is read, so it says nothing about any account.
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method)) return RateLimitPartition.GetNoLimiter("reads");
                var perMinute = context.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value.PostsPerMinutePerAddress;
                // A browser that has signed in here before has its own allowance, so a flood from its network does not stop it.
                var key = context.RequestServices.GetRequiredService<KnownDevices>().Read(context) is { } device
                    ? "device:" + device.Id
                    : "address:" + SignInSource.AddressOf(context);
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
                });
            });
        });
        return services;
    }

    // After UseRouting: the limit applies to the pages marked [EnableRateLimiting(RateLimitPolicy)].
    public static IApplicationBuilder UseKaizenSignIn(this IApplicationBuilder app) => app.UseRateLimiter();
}
