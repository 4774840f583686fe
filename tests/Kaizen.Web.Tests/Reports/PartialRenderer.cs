using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kaizen.Web.Tests.Reports;

// Renders a shared partial on its own through the app's Razor view engine, so that partials meant for other pages
// (e.g. _MeasureChart on the workshop page) can be tested without a test-only route.
public static class PartialRenderer
{
    public static async Task<string> RenderAsync<TModel>(IServiceProvider services, string viewPath, TModel model)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var http = new DefaultHttpContext { RequestServices = sp };
        var actionContext = new ActionContext(http, new RouteData(), new ActionDescriptor());
        var found = sp.GetRequiredService<ICompositeViewEngine>().GetView(executingFilePath: null, viewPath: viewPath, isMainPage: false);
        if (!found.Success) throw new InvalidOperationException($"No view at {viewPath}: searched {string.Join(", ", found.SearchedLocations)}");
        using var writer = new StringWriter();
        var viewData = new ViewDataDictionary<TModel>(sp.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary()) { Model = model };
        var tempData = new TempDataDictionary(http, sp.GetRequiredService<ITempDataProvider>());
        await found.View.RenderAsync(new ViewContext(actionContext, found.View, viewData, tempData, writer, new HtmlHelperOptions()));
        return writer.ToString();
    }
}
