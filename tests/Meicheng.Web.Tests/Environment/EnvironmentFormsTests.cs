using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests.Accounts;
using static Meicheng.Web.Tests.Pages.PageForms;

namespace Meicheng.Web.Tests.Environment;

/// <summary>Water sections and samples entered on /environment/water; the index links the import page for admins.</summary>
public sealed class EnvironmentFormsTests
{
    [Fact]
    public async Task An_admin_registers_a_section_and_enters_a_sample_on_the_water_page_and_a_wrong_value_keeps_what_was_typed()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var reviewer = await app.ClientForAsync(Roles.Reviewer);
        Assert.Null((await GetAsync(reviewer, "/environment/water")).QuerySelector("form.water-station"));
        var page = await GetAsync(admin, "/environment/water");
        Assert.Equal("市南区", page.QuerySelector("#station-region option[value='370202']")!.TextContent);
        Assert.Equal("市生态环境局", page.QuerySelector("#station-owner option[value='qd-ecology-environment']")!.TextContent);

        var badCode = await RefusedAsync(await PostAsync(admin, "/environment/water", "water-station",
            ("Section.Name", "李村河入海口"), ("Section.Code", "李村河"), ("Section.Kind", "surface-water"), ("Section.Type", "municipal"),
            ("Section.Region", "370212"), ("Section.WaterBody", "river"), ("Section.TargetClass", "4")));
        Assert.Equal("代码只能由字母、数字和连字符组成，至多 40 个字符", badCode.QuerySelector("form.water-station .field-error")!.TextContent);
        Assert.Equal("李村河入海口", badCode.QuerySelector("#station-name")!.GetAttribute("value"));
        await RedirectedAsync(await PostAsync(admin, "/environment/water", "water-station",
            ("Section.Name", "李村河入海口"), ("Section.Code", "qd-licun-river-mouth"), ("Section.Kind", "surface-water"), ("Section.Type", "municipal"),
            ("Section.Region", "370212"), ("Section.WaterBody", "river"), ("Section.TargetClass", "4"), ("Section.Owner", "qd-ecology-environment")));
        Assert.Contains("\"owner\":\"qd-ecology-environment\"", await admin.GetStringAsync("/api/environment/stations/qd-licun-river-mouth", TestContext.Current.CancellationToken), StringComparison.Ordinal);

        page = await GetAsync(admin, "/environment/water");
        Assert.Contains("李村河入海口", page.QuerySelector("#sample-station")!.TextContent, StringComparison.Ordinal);
        var refused = await RefusedAsync(await PostAsync(admin, "/environment/water", "water-sample",
            ("Sample.StationCode", "qd-licun-river-mouth"), ("Sample.SampledOn", "2025-06-10"), ("Sample.Surface[PH]", "7.6"), ("Sample.Surface[NH3N]", "一点二")));
        Assert.Contains("氨氮", refused.QuerySelector("form.water-sample .field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("一点二", refused.QuerySelector("input[name='Sample.Surface[NH3N]']")!.GetAttribute("value"));
        Assert.Equal("7.6", refused.QuerySelector("input[name='Sample.Surface[PH]']")!.GetAttribute("value"));

        var saved = await RedirectedAsync(await PostAsync(admin, "/environment/water", "water-sample",
            ("Sample.StationCode", "qd-licun-river-mouth"), ("Sample.SampledOn", "2025-06-10"), ("Sample.Surface[PH]", "7.6"), ("Sample.Surface[NH3N]", "1.2"),
            ("Sample.Surface[DissolvedOxygen]", "6.5")));
        var year = await GetAsync(admin, saved);
        Assert.Contains("IV类", year.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        var row = year.QuerySelectorAll("table.grid tbody tr").Single(r => r.TextContent.Contains("李村河入海口", StringComparison.Ordinal));
        Assert.Contains("氨氮（mg/L） 1.2", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("达标", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_environment_index_links_the_import_page_for_admins_and_the_import_list_is_a_section_the_script_refreshes()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        Assert.NotNull((await GetAsync(admin, "/environment")).QuerySelector("a[href='/environment/imports']"));
        Assert.Null((await GetAsync(app.CreateClient(), "/environment")).QuerySelector("a[href='/environment/imports']"));
        Assert.NotNull((await GetAsync(admin, "/environment/imports")).QuerySelector("section#recent-imports h2"));
    }
}
