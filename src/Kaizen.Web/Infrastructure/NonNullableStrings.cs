using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Kaizen.Web.Infrastructure;

// MVC binds an empty field to null even for a `string` declared non-nullable, which then breaks the code that
// trusts the declaration. Such properties keep "" instead; [Required] still refuses an empty or blank value.
public sealed class NonNullableStringsKeepEmpty : IDisplayMetadataProvider
{
    private static readonly NullabilityInfoContext Nullability = new();

    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.MetadataKind == ModelMetadataKind.Property && context.Key.ModelType == typeof(string)
            && context.Key.PropertyInfo is { } property)
        {
            lock (Nullability)
            {
                if (Nullability.Create(property).WriteState == NullabilityState.NotNull)
                    context.DisplayMetadata.ConvertEmptyStringToNull = false;
            }
        }
    }
}

// Every DateOnly a form binds gets the plausible-date rule, so no page can forget it.
public sealed class PlausibleDatesEverywhere : IValidationMetadataProvider
{
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        if (context.Key.MetadataKind == ModelMetadataKind.Property
            && (context.Key.ModelType == typeof(DateOnly) || context.Key.ModelType == typeof(DateOnly?))
            && !context.ValidationMetadata.ValidatorMetadata.OfType<PlausibleDateAttribute>().Any())
            context.ValidationMetadata.ValidatorMetadata.Add(new PlausibleDateAttribute());
    }
}

// A date people could mean: far-off years are typing slips, and they would overflow the date arithmetic.
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlausibleDateAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2099, 12, 31);

    public PlausibleDateAttribute() : base($"Enter a date between {Format.Date(Earliest)} and {Format.Date(Latest)}.") { }

    public override bool IsValid(object? value) => value is not DateOnly d || (d >= Earliest && d <= Latest);
}
