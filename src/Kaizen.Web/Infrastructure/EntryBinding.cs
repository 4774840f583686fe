using Kaizen.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Kaizen.Web.Infrastructure;

// Every number and date a form binds is read by Kaizen.Domain.Entry, the same reader as the import's cells: "3,5"
// is refused beside its field rather than bound as 35 by the framework's culture-aware binder, and the message is
// Kaizen's ("September 2026 has 30 days") rather than "The value '31/09/2026' is not valid for Planning start."
public sealed class EntryModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        if (context.Metadata.MetadataKind != ModelMetadataKind.Property) return null;
        var type = context.Metadata.UnderlyingOrModelType;
        return type == typeof(double) ? Numbers
            : type == typeof(int) ? WholeNumbers
            : type == typeof(DateOnly) ? Dates
            : null;
    }

    static readonly EntryBinder Numbers = new(text => Entry.Number(text) is var r ? (r.Value, r.Problem) : default);
    static readonly EntryBinder WholeNumbers = new(text => Entry.WholeNumber(text) is var r ? (r.Value, r.Problem) : default);
    static readonly EntryBinder Dates = new(text => Entry.Date(text) is var r ? (r.Value, r.Problem) : default);

    sealed class EntryBinder(Func<string?, (object? Value, string? Problem)> read) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext context)
        {
            var posted = context.ValueProvider.GetValue(context.ModelName);
            if (posted == ValueProviderResult.None) return Task.CompletedTask;
            context.ModelState.SetModelValue(context.ModelName, posted);
            var (value, problem) = read(posted.FirstValue);
            if (problem is not null)
            {
                context.ModelState.TryAddModelError(context.ModelName, problem);
                context.Result = ModelBindingResult.Failed();
            }
            else if (value is null && !context.ModelMetadata.IsReferenceOrNullableType)
                context.Result = ModelBindingResult.Failed(); // empty, for a field that must have a value: [Required] says so
            else
                context.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }
    }

    // Whatever the framework still reads itself (ids, booleans, choices) answers in Kaizen's words too.
    public static void UseKaizenWords(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"\"{value}\" cannot be read as the {field.ToLowerInvariant()}; check it and try again.");
        messages.SetMissingBindRequiredValueAccessor(field => $"Enter the {field.ToLowerInvariant()}.");
        messages.SetMissingKeyOrValueAccessor(() => "Enter a value.");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "Nothing was sent: try again.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"\"{value}\" cannot be read here; check it and try again.");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "This value cannot be read; check it and try again.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "Enter a number.");
        messages.SetUnknownValueIsInvalidAccessor(field => $"The {field.ToLowerInvariant()} cannot be read; check it and try again.");
        messages.SetValueIsInvalidAccessor(value => $"\"{value}\" cannot be read; check it and try again.");
        messages.SetValueMustBeANumberAccessor(field => $"Enter a number for the {field.ToLowerInvariant()}.");
        messages.SetValueMustNotBeNullAccessor(_ => "Enter a value.");
    }
}
