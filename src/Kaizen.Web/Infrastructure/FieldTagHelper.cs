using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.AspNetCore.Mvc.Razor.TagHelpers;

namespace Kaizen.Web.Infrastructure;

// <kz-field asp-for="Input.Name" hint="..." /> renders label, control, hint and the field's error, wired together
// with aria-describedby / aria-invalid, so every form shows errors the same way and screen readers hear them.
[HtmlTargetElement("kz-field", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper(IHtmlGenerator generator) : TagHelper
{
    [HtmlAttributeName("asp-for")] public ModelExpression For { get; set; } = default!;
    [HtmlAttributeName("asp-items")] public IEnumerable<SelectListItem>? Items { get; set; }
    [HtmlAttributeName("type")] public string? Type { get; set; }
    [HtmlAttributeName("hint")] public string? Hint { get; set; }
    [HtmlAttributeName("label")] public string? Label { get; set; }
    [HtmlAttributeName("rows")] public int Rows { get; set; } = 3;
    [HtmlAttributeName("autocomplete")] public string? Autocomplete { get; set; }
    [HtmlAttributeName("inputmode")] public string? InputMode { get; set; }
    [HtmlAttributeName("placeholder-option")] public string? PlaceholderOption { get; set; }
    [HtmlAttributeName("wrapper-class")] public string WrapperClass { get; set; } = "mb-3";

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = default!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var fullName = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = TagBuilder.CreateSanitizedId(fullName, "_");
        var errors = ViewContext.ViewData.ModelState.TryGetValue(fullName, out var entry) ? entry.Errors : null;
        var hasError = errors is { Count: > 0 };
        var isCheckbox = Type is null && Items is null && (For.ModelExplorer.ModelType == typeof(bool));

        if (string.IsNullOrWhiteSpace(Hint)) Hint = null;
        var describedBy = new List<string>();
        if (Hint is not null) describedBy.Add(id + "-hint");
        if (hasError) describedBy.Add(id + "-error");

        // A checkbox cannot re-render an attempted value that is not true or false (the framework throws): keep the
        // error, show it unticked.
        if (isCheckbox && entry is not null && !bool.TryParse(entry.AttemptedValue?.Split(',')[0], out _))
            ViewContext.ViewData.ModelState.SetModelValue(fullName, rawValue: false, attemptedValue: "false");

        var control = await RenderControl(context, isCheckbox);
        control.Attributes.SetAttribute("class", (isCheckbox ? "form-check-input" : Items is null ? "form-control" : "form-select") + (hasError ? " is-invalid" : ""));
        if (describedBy.Count > 0) control.Attributes.SetAttribute("aria-describedby", string.Join(' ', describedBy));
        if (hasError) control.Attributes.SetAttribute("aria-invalid", "true");
        if (Autocomplete is not null) control.Attributes.SetAttribute("autocomplete", Autocomplete);
        if (InputMode is not null) control.Attributes.SetAttribute("inputmode", InputMode);

        var label = generator.GenerateLabel(ViewContext, For.ModelExplorer, For.Name, Label, new { @class = isCheckbox ? "form-check-label" : "form-label" });

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", isCheckbox ? WrapperClass + " form-check" : WrapperClass);
        if (isCheckbox)
        {
            output.Content.AppendHtml(RenderTag(control));
            output.Content.AppendHtml(label);
        }
        else
        {
            output.Content.AppendHtml(label);
            output.Content.AppendHtml(RenderTag(control));
        }
        if (Hint is not null)
            output.Content.AppendHtml($"<div class=\"form-text\" id=\"{id}-hint\">{System.Net.WebUtility.HtmlEncode(Hint)}</div>");
        if (hasError)
        {
            var messages = string.Join(" ", errors!.Select(e => System.Net.WebUtility.HtmlEncode(e.ErrorMessage)));
            output.Content.AppendHtml($"<div class=\"invalid-feedback d-block\" id=\"{id}-error\">{messages}</div>");
        }
    }

    private async Task<TagHelperOutput> RenderControl(TagHelperContext context, bool isCheckbox)
    {
        TagHelper inner;
        string tagName;
        if (Type == "textarea")
        {
            inner = new TextAreaTagHelper(generator) { For = For, ViewContext = ViewContext };
            tagName = "textarea";
        }
        else if (Items is not null)
        {
            var items = PlaceholderOption is null ? Items : Items.Prepend(new SelectListItem(PlaceholderOption, ""));
            inner = new SelectTagHelper(generator) { For = For, Items = items, ViewContext = ViewContext };
            tagName = "select";
        }
        else
        {
            inner = new InputTagHelper(generator) { For = For, InputTypeName = Type, ViewContext = ViewContext };
            tagName = "input";
        }

        var attributes = new TagHelperAttributeList();
        if (tagName == "textarea") attributes.Add("rows", Rows);
        if (Type is not null && tagName == "input") attributes.Add("type", Type);
        var innerContext = new TagHelperContext(tagName, new TagHelperAttributeList(attributes), new Dictionary<object, object>(), Guid.NewGuid().ToString("N"));
        var innerOutput = new TagHelperOutput(tagName, attributes, (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()))
        {
            TagMode = tagName == "input" ? TagMode.SelfClosing : TagMode.StartTagAndEndTag,
        };
        inner.Init(innerContext);
        await inner.ProcessAsync(innerContext, innerOutput);
        return innerOutput;
    }

    private static string RenderTag(TagHelperOutput tag)
    {
        using var writer = new StringWriter();
        tag.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }
}
