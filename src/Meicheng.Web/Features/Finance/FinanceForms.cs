using System.Globalization;
using Meicheng.Web.Common;

namespace Meicheng.Web.Features.Finance;

/// <summary>Reading a form's typed text: blank is "not given" (the operation says what is missing), text that is no number is refused here.</summary>
internal static class Forms
{
    public static int? Int(string? text, string field, string message, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        errors.Add(field, message);
        return null;
    }

    public static decimal? Decimal(string? text, string field, string message, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return value;
        errors.Add(field, message);
        return null;
    }

    public static DateOnly? Date(string? text, string field, string message, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            return value;
        errors.Add(field, message);
        return null;
    }
}
