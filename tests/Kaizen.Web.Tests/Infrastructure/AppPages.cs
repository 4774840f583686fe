using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kaizen.Web.Tests.Infrastructure;

// Every routed page of the app as the framework compiled it, with its route and its handler methods (the app's own
// metadata, so a new page or handler is found without being listed): for the access matrix and the hostile sweeps.
public static class AppPages
{
    public sealed record CompiledPage(string ViewPath, string Route, CompiledPageActionDescriptor Compiled)
    {
        // A page's filter override (OnPageHandlerExecutionAsync) is PageModel's own method, not a handler.
        public IEnumerable<HandlerMethodDescriptor> Handlers => Compiled.HandlerMethods
            .Where(h => h.MethodInfo.GetBaseDefinition().DeclaringType != typeof(PageModel));
    }

    public static async Task<IReadOnlyList<CompiledPage>> AllAsync(KaizenApp app)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var result = new List<CompiledPage>();
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(p => p.Page is not null)
            .GroupBy(p => p.Page!.ViewEnginePath)
            .Select(g => g.OrderByDescending(p => p.Endpoint.RoutePattern.RawText!.Length).First());
        foreach (var (endpoint, page) in pages)
            result.Add(new CompiledPage(page!.ViewEnginePath, "/" + endpoint.RoutePattern.RawText, await loader.LoadAsync(page, endpoint.Metadata)));
        return result;
    }
}
