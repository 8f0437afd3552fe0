using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace Meicheng.Web.Features.OpenData;

/// <summary>How the data dictionary prints a column's Chinese meaning.</summary>
public static partial class DictionaryText
{
    /// <summary>
    /// A Chinese meaning names the literal values a column holds (reported, up, about…): those are set as code, as a
    /// data dictionary prints them, so a reader sees they are values in the file, not words of the sentence.
    /// </summary>
    public static RenderFragment CodeSpans(string text) => builder =>
    {
        var last = 0;
        foreach (Match m in AsciiToken().Matches(text))
        {
            builder.AddContent(0, text[last..m.Index]);
            builder.OpenElement(1, "code");
            builder.AddContent(2, m.Value);
            builder.CloseElement();
            last = m.Index + m.Length;
        }
        builder.AddContent(3, text[last..]);
    };

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_./{}\-]*(?:\s*/\s*\.[a-z]+)?")]
    private static partial Regex AsciiToken();
}
