using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests.Accounts;
using static Meicheng.Web.Tests.Pages.PageForms;

namespace Meicheng.Web.Tests.Environment;

/// <summary>The outfall pages: register on the form (refusals beside the field, what was typed kept), enter a result and see its judgment.</summary>
public sealed class OutfallPagesTests
{
    [Fact]
    public async Task An_admin_registers_an_outfall_on_the_form_enters_a_result_and_sees_the_judgment_in_the_list()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        (string, string)[] Fields(string code) =>
        [
            ("Form.Code", code), ("Form.Name", "团岛污水处理厂排污口"), ("Form.Type", "wwtp"), ("Form.ReceivingKind", "sea"), ("Form.ReceivingWater", "胶州湾"),
            ("Form.Region", "370202"), ("Form.Filing", "filed"), ("Form.FiledOn", "2023-03-01"), ("Form.ScheduleDays", "30"),
        ];
        var refused = await RefusedAsync(await PostAsync(admin, "/environment/outfalls/new", "outfall", Fields("团岛")));
        Assert.Equal("编码须为字母、数字和连字符，至多 40 个字符", refused.QuerySelector("form .field-error")!.TextContent);
        Assert.Equal("团岛污水处理厂排污口", refused.QuerySelector("#o-name")!.GetAttribute("value"));
        await RedirectedAsync(await PostAsync(admin, "/environment/outfalls/new", "outfall", Fields("QD-TD-01")));

        var bad = await RefusedAsync(await PostAsync(admin, "/environment/outfalls/QD-TD-01", "outfall-result",
            ("Result.SampledOn", "2026-11-10"), ("Result.Values[COD]", "六十二"), ("Result.Values[PH]", "7.4")));
        Assert.Equal("“六十二”不是数字", bad.QuerySelector("form .field-error")!.TextContent);
        Assert.Equal("7.4", bad.QuerySelector("input[name='Result.Values[PH]']")!.GetAttribute("value"));
        var saved = await RedirectedAsync(await PostAsync(admin, "/environment/outfalls/QD-TD-01", "outfall-result",
            ("Result.SampledOn", "2026-11-10"), ("Result.Values[COD]", "62"), ("Result.Values[PH]", "7.4")));
        var detail = await GetAsync(admin, saved);
        Assert.Contains("超标：化学需氧量 62 mg/L，超过限值 50", detail.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);

        var list = await GetAsync(app.CreateClient(), "/environment/outfalls?type=wwtp");
        var row = list.QuerySelectorAll("table.grid tbody tr").Single(r => r.TextContent.Contains("团岛污水处理厂排污口", StringComparison.Ordinal));
        Assert.Contains("市南区", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("是：监督性监测", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-10 超标", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await GetAsync(app.CreateClient(), "/environment")).QuerySelector("a[href='/environment/outfalls']"));
    }
}
