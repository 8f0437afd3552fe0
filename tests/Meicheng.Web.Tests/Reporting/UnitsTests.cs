using Meicheng.Web.Common;
using Meicheng.Web.Features.Reporting;

namespace Meicheng.Web.Tests.Reporting;

public sealed class UnitsTests
{
    [Theory]
    [InlineData("1.6", "亿平方米", "万平方米", "16000")]
    [InlineData("15000000", "平方米", "万平方米", "1500")]
    [InlineData("2", "平方公里", "万平方米", "200")]
    [InlineData("15", "亩", "平方米", "10000")]
    [InlineData("3", "万亩", "亩", "30000")]
    [InlineData("1200", "米", "公里", "1.2")]
    [InlineData("0.03", "毫克/立方米", "微克/立方米", "30")]
    [InlineData("800", "万千瓦", "千瓦", "8000000")]
    [InlineData("6.5", "%", "%", "6.5")]
    public void Convertible_units_convert_exactly(string value, string from, string to, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Units.Convert(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), from, to));

    [Theory]
    [InlineData("%", "平方米")]
    [InlineData("个", "公里")]
    [InlineData("万吨/日", "万吨/年")]
    public void Units_of_different_things_do_not_convert(string from, string to) => Assert.Null(Units.Convert(1, from, to));

    [Fact]
    public void The_workbook_offers_the_units_a_value_may_be_entered_in_the_indicator_unit_first()
    {
        var units = Units.Compatible("万平方米");
        Assert.Equal("万平方米", units[0]);
        Assert.Contains("亿平方米", units);
        Assert.Contains("平方米", units);
        Assert.Contains("亩", units);
        Assert.DoesNotContain("%", units);
    }

    [Fact]
    public void The_audit_csv_quotes_fields_and_never_lets_a_spreadsheet_run_a_cell_as_a_formula()
    {
        var csv = Audit.ToCsv([new AuditEntryDto(1, new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), "u", "a@example.cn", "observation.return",
            "observation", "7", null, "{\"value\":1,\"note\":\"a,b\"}", "=HYPERLINK(\"http://x\")")]);
        var lines = csv.Split("\r\n");
        Assert.Equal("\uFEFFid,at,user,action,entity_type,entity_id,old,new,reason", lines[0]);
        Assert.Equal("1,2026-11-22T08:00:00.0000000+00:00,a@example.cn,observation.return,observation,7,,\"{\"\"value\"\":1,\"\"note\"\":\"\"a,b\"\"}\",\"'=HYPERLINK(\"\"http://x\"\")\"", lines[1]);
    }
}
