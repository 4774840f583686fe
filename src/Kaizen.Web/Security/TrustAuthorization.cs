using Microsoft.AspNetCore.Authorization;

namespace Kaizen.Web.Security;

// "Can edit trust X": an administrator, or the improvement lead of X. The resource is the trust id.
public sealed class CanEditTrustRequirement : IAuthorizationRequirement;

public sealed class CanEditTrustHandler(CurrentUser user) : AuthorizationHandler<CanEditTrustRequirement, long>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CanEditTrustRequirement requirement, long trustId)
    {
        if (user.CanEditTrust(trustId))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
