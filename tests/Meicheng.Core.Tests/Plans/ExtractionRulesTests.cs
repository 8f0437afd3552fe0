using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Extraction;

namespace Meicheng.Core.Tests.Plans;

/// <summary>One rule at a time, on short texts written the way plans are written (none of them from the fixtures).</summary>
public sealed class ExtractionRulesTests
{
    private static readonly PlanExtractor Extractor = new(
        [new Department("d-eco", "市生态环境局", "某市生态环境局", "Ecology", "municipal-department", ["生态环境部门"], null, null),
         new Department("d-water", "市水务局", "某市水务局", "Water", "municipal-department", [], null, null)],
        ["高新区"]);

    private static ExtractedTarget Single(string text) => Assert.Single(Extractor.Extract(text).Targets);

    [Theory]
    [InlineData("城市生活污水集中收集率不低于70%。", ">=")]
    [InlineData("危险废物利用处置能力不少于60万吨。", ">=")]
    [InlineData("优良天数比例达到85%以上。", ">=")]
    [InlineData("PM2.5浓度控制在30微克/立方米以下。", "<=")]
    [InlineData("万元地区生产总值用水量不超过12立方米。", "<=")]
    [InlineData("农村生活污水治理率控制在…", null)]
    [InlineData("新增造林面积控制在5万亩以内。", "<=")]
    [InlineData("森林覆盖率达到42%左右。", "about")]
    [InlineData("森林覆盖率达到42%。", "reach")]
    [InlineData("水质优良比例大于95%。", ">")]
    [InlineData("二氧化碳排放强度低于0.5吨。", "<")]
    [InlineData("饮用水水源地水质达标率保持100%。", "=")]
    [InlineData("建成区绿地率稳定在38%以上。", ">=")]
    [InlineData("完成30余条道路建设。", ">")]
    public void Comparator_words_map_to_tokens(string text, string? expected)
    {
        var targets = Extractor.Extract(text).Targets;
        if (expected is null)
        {
            Assert.Empty(targets);
            return;
        }
        Assert.Equal(expected, Assert.Single(targets).Comparator.ToToken());
    }

    [Theory]
    [InlineData("建设两个生态城区。", "两", 2, "个")]
    [InlineData("打造百个美丽乡村示范村。", "百", 100, "个")]
    [InlineData("培育千家绿色企业。", "千", 1000, "家")]
    [InlineData("建成口袋公园三十五处。", "三十五", 35, "处")]
    [InlineData("新增储能规模1.5万千瓦。", "1.5", 1.5, "万千瓦")]
    [InlineData("海水淡化规模达到每日34.5万吨。", "34.5", 34.5, "每日万吨")]
    [InlineData("建筑垃圾资源化利用量达到3500万吨/年。", "3500", 3500, "万吨/年")]
    [InlineData("绿色贷款余额达到6500亿元。", "6500", 6500, "亿元")]
    [InlineData("监督检查非道路移动机械10000台次。", "10000", 10000, "台次")]
    public void Numbers_and_units_are_kept_as_written(string text, string valueText, double value, string unit)
    {
        var t = Single(text);
        Assert.Equal(valueText, t.ValueText);
        Assert.Equal((decimal)value, t.Value);
        Assert.Equal(unit, t.Unit);
    }

    [Fact]
    public void Idioms_with_one_and_numbers_in_names_are_not_targets()
    {
        var text = "实施“一河一策”，推进“4+4+2”产业体系，控制PM2.5和BOD5，建立一批示范项目，落实第3批试点。";
        Assert.Empty(Extractor.Extract(text).Targets);
    }

    [Fact]
    public void A_range_keeps_both_ends()
    {
        var t = Single("年均新增就业岗位10—15万个。");
        Assert.Equal(10, t.Value);
        Assert.Equal(15, t.ValueTo);
        Assert.Equal("万个", t.Unit);
    }

    [Fact]
    public void Aspirational_targets_are_marked()
    {
        Assert.True(Single("到2025年，力争绿色贷款余额达到1000亿元。").Aspirational);
        Assert.True(Single("城镇化率争取达到70%。").Aspirational);
        Assert.False(Single("城镇化率达到70%。").Aspirational);
    }

    [Fact]
    public void Year_comes_from_the_clause_the_sentence_the_paragraph_the_section_or_the_frame()
    {
        var text = """
            某市生态城市建设行动方案（2024—2026年）
            一、工作目标
            到2025年，全市主要目标基本实现。
            ——生态环境持续改善。森林覆盖率达到40%。
            二、重点任务
            （一）改善环境质量
            1.治理水环境。到2025年，建成污水管网100公里，新增污水处理能力5万吨/日。2026年完成河道整治20条。
            2.加强植树造林。新增造林1万亩。全年完成义务植树100万株。到2026年，湿地保护率达到60%。
            3.推进垃圾分类。生活垃圾回收利用率达到35%。
            4.建设公园。到2025年，建成口袋公园50个。完成绿道建设80公里。2026年底前，公园服务半径覆盖率达到90%。
            """;
        var plan = Extractor.Extract(text);
        ExtractedTarget T(string unit, decimal value) => plan.Targets.Single(t => t.Unit == unit && t.Value == value);
        Assert.Equal((2025, YearSource.Section), (T("%", 40).Year!.Value, T("%", 40).YearSource));
        Assert.Equal((2025, YearSource.Clause), (T("公里", 100).Year!.Value, T("公里", 100).YearSource));
        Assert.Equal((2025, YearSource.Sentence), (T("万吨/日", 5).Year!.Value, T("万吨/日", 5).YearSource));
        Assert.Equal((2026, YearSource.Clause), (T("条", 20).Year!.Value, T("条", 20).YearSource));
        Assert.Equal((2026, YearSource.Paragraph), (T("万亩", 1).Year!.Value, T("万亩", 1).YearSource));
        Assert.Equal((2026, YearSource.Paragraph), (T("公里", 80).Year!.Value, T("公里", 80).YearSource));
        var implied = T("%", 35);
        Assert.Equal((2026, YearSource.Frame, true), (implied.Year!.Value, implied.YearSource, implied.YearImplied));
        Assert.Equal((2024, 2026), (plan.PeriodStart!.Value, plan.PeriodEnd!.Value));
    }

    [Fact]
    public void Base_years_dates_and_programme_periods_are_not_target_years()
    {
        var text = "二、重点任务\n1.降低碳排放。执行《2021-2025年节能规划》，单位GDP二氧化碳排放比2020年下降18%。\n";
        var t = Single(text);
        Assert.Equal(2020, t.BaselineYear);
        Assert.Equal("change", t.Kind);
        Assert.True(t.YearImplied);
    }

    [Theory]
    [InlineData("海洋生产总值年均增长率达到6%。", "annual-rate")]
    [InlineData("比2020年下降15%。", "change")]
    [InlineData("森林覆盖率达到40%。", "share")]
    [InlineData("培育绿色工厂50家。", "count")]
    [InlineData("累计建成绿色建筑1000万平方米。", "cumulative")]
    [InlineData("人均公园绿地面积达到15平方米。", "level")]
    public void Kinds(string text, string kind) => Assert.Equal(kind, Single(text).Kind);

    [Fact]
    public void Per_year_targets_are_marked()
    {
        var t = Single("每年实施200个以上技改项目。");
        Assert.True(t.PerYear);
        Assert.Equal(">=", t.Comparator.ToToken());
    }

    [Fact]
    public void Parts_of_a_total_in_brackets_are_targets_of_their_own()
    {
        var targets = Extractor.Extract("改造供水管网100公里（其中，主干管20公里，支管80公里）。").Targets;
        Assert.Equal([100m, 20m, 80m], targets.Select(t => t.Value!.Value));
    }

    [Fact]
    public void Milestones_keep_the_words_of_the_text()
    {
        var plan = Extractor.Extract("二、重点任务\n1.整治黑臭水体。2025年底前，全面消除城市黑臭水体，建立长效管护机制。\n");
        Assert.Equal(["全面消除城市黑臭水体", "建立长效管护机制"], plan.Milestones.Select(m => m.Title));
        Assert.All(plan.Milestones, m => Assert.Equal(2025, m.Year));
        Assert.Equal("2025年底前", plan.Milestones[0].DeadlineText);
        var source = "二、重点任务\n1.整治黑臭水体。2025年底前，全面消除城市黑臭水体，建立长效管护机制。\n";
        Assert.All(plan.Milestones, m => Assert.Equal(m.Title, source.Substring(m.TitleSpan.Start, m.TitleSpan.Length)));
    }

    [Fact]
    public void Full_coverage_without_a_number_is_a_coverage_milestone_not_a_number()
    {
        var plan = Extractor.Extract("到2025年，基本实现城市居民小区生活垃圾分类设施全覆盖。");
        Assert.Empty(plan.Targets);
        Assert.Equal("基本实现城市居民小区生活垃圾分类设施全覆盖", Assert.Single(plan.Milestones).Title);
    }

    [Fact]
    public void Responsible_units_are_matched_to_the_registry_and_unknown_ones_proposed()
    {
        var text = """
            二、重点任务
            （一）水环境
            1.治理河道。实施河道综合整治。（牵头单位：市水务局；配合单位：市生态环境局、市城管局）
            2.保护水源。加强水源地保护。（责任单位：市生态环境局牵头，各区（市）政府）
            三、保障措施
            （一）加强领导。建立工作机制。（责任单位：生态环境部门）
            """;
        var plan = Extractor.Extract(text);
        Assert.Equal(2, plan.Tasks.Count);
        var t1 = plan.Tasks[0];
        Assert.Equal((1, "治理河道", 1), (t1.Number, t1.Title, t1.AreaNumber!.Value));
        Assert.Equal([("市水务局", "d-water", ExtractedRole.Lead), ("市生态环境局", "d-eco", ExtractedRole.Supporting), ("市城管局", null, ExtractedRole.Supporting)],
            t1.Responsible.Select(r => (r.Name, r.DepartmentId, r.Role)));
        Assert.Equal("（牵头单位：市水务局；配合单位：市生态环境局、市城管局）", t1.ResponsibilityText);
        var t2 = plan.Tasks[1];
        Assert.Equal([("市生态环境局", ExtractedRole.Lead), ("各区（市）政府", ExtractedRole.Responsible)], t2.Responsible.Select(r => (r.Name, r.Role)));
        Assert.Equal("d-eco", Assert.Single(Assert.Single(plan.Measures).Responsible).DepartmentId);
        Assert.Equal(["市城管局", "各区（市）政府"], plan.ProposedDepartments);
    }

    [Fact]
    public void Title_number_issuer_and_date_are_read_from_the_frame_of_the_document()
    {
        var text = """
            某市人民政府办公室文件
            某政办发〔2023〕12号
            某市人民政府办公室关于印发某市美丽城市建设实施方案的通知
            各区（市）人民政府，市政府各部门：
            现将《某市美丽城市建设实施方案》印发给你们，请认真贯彻执行。
            某市人民政府办公室
            2023年6月5日
            """;
        var plan = Extractor.Extract(text);
        Assert.Equal("某政办发〔2023〕12号", plan.DocumentNumber);
        Assert.Equal("某市人民政府办公室关于印发某市美丽城市建设实施方案的通知", plan.Title);
        Assert.Equal("某市人民政府办公室", plan.Issuer);
        Assert.Equal(new DateOnly(2023, 6, 5), plan.Date);
    }

    [Fact]
    public void Dates_in_chinese_numerals_are_read()
    {
        var plan = Extractor.Extract("某方案\n正文。\n某市人民政府\n二〇二一年五月十三日\n");
        Assert.Equal(new DateOnly(2021, 5, 13), plan.Date);
    }

    [Fact]
    public void Annex_table_totals_are_targets()
    {
        var text = "二、重点任务\n1.建设公园。\n附件1\n重点项目表\n序号\t项目\t公园数量（个）\t投资（亿元）\n1\t北区\t10\t2.5\n合计\t\t25\t6.5\n";
        var totals = Extractor.Extract(text).Targets;
        Assert.Equal([(25m, "个"), (6.5m, "亿元")], totals.Select(t => (t.Value!.Value, t.Unit)));
        Assert.All(totals, t => Assert.StartsWith("合计", t.Indicator, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_candidate_carries_the_span_it_was_read_from()
    {
        const string text = "到2027年，森林覆盖率达到45%，湿地保护率不低于60%。";
        foreach (var t in Extractor.Extract(text).Targets)
        {
            Assert.Equal(t.Clause, text.Substring(t.ClauseSpan.Start, t.ClauseSpan.Length));
            Assert.EndsWith("%", text.Substring(t.ValueSpan.Start, t.ValueSpan.Length), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scope_names_the_places_a_clause_stands_for()
    {
        Assert.Equal("中心城区、老城区", Single("在中心城区、老城区打造90个口袋公园。").Scope);
        Assert.Equal("市本级", Single("市本级城市生活污水集中收集率提升至87.2%。").Scope);
        Assert.Equal("高新区", Single("高新区建成5G基站500个。").Scope);
    }
}
