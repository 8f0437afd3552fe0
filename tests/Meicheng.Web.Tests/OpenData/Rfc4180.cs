using System.Text;

namespace Meicheng.Web.Tests.OpenData;

/// <summary>A strict RFC 4180 reader (CRLF records, "" inside quoted fields), to check that the downloads parse back.</summary>
public static class Rfc4180
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var quoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }
                if (c == '"')
                {
                    quoted = false;
                    i++;
                    Assert.True(i == text.Length || text[i] is ',' or '\r', $"a closing quote must end the field (at {i})");
                    continue;
                }
                field.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"':
                    Assert.True(field.Length == 0, $"a quote may only open a field (at {i})");
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"a record ends with CRLF (at {i})");
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    i++;
                    break;
                default:
                    Assert.True(c != '\n', $"a bare LF outside quotes (at {i})");
                    field.Append(c);
                    break;
            }
            i++;
        }
        Assert.False(quoted, "an unterminated quoted field");
        Assert.True(field.Length == 0 && fields.Count == 0, "the last record ends with CRLF");
        return records;
    }
}
