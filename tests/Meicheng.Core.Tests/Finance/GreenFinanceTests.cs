using Meicheng.Core.Finance;

namespace Meicheng.Core.Tests.Finance;

public sealed class GreenFinanceTests
{
    [Fact]
    public void The_catalogue_file_holds_the_six_classes_and_their_25_second_level_categories()
    {
        var catalogue = GreenCatalogue.Parse(File.ReadAllText(Path.Combine(RepoPaths.Reference, "green-catalogue.json")));
        Assert.Equal(["节能环保产业", "清洁生产产业", "清洁能源产业", "生态环境产业", "基础设施绿色升级", "绿色服务"], catalogue.Categories.Select(c => c.Name));
        Assert.Equal(25, catalogue.Categories.Sum(c => c.Children.Count));
        Assert.Contains("银发〔2021〕96号", catalogue.Source, StringComparison.Ordinal);
        Assert.Equal("清洁能源（清洁能源产业）", catalogue.Describe("3.2"));
        Assert.Equal("3", catalogue.TopLevelOf("3.2")!.Code);
        Assert.Null(catalogue.Find("7.1"));
    }

    [Fact]
    public void A_catalogue_whose_child_is_filed_under_the_wrong_class_is_refused()
    {
        const string json = """{"title":"t","source":"s","categories":[{"code":"1","name":"a","children":[{"code":"2.1","name":"b"}]}]}""";
        Assert.Throws<FormatException>(() => GreenCatalogue.Parse(json));
    }

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91110000600037341L", true)]
    [InlineData(" 91110000600037341l ", true)]
    [InlineData("91110000600037341K", false)]
    [InlineData("9111000060003734", false)]
    [InlineData("91110000600037341I", false)]
    [InlineData(null, false)]
    public void A_credit_code_is_checked_by_its_check_character(string? code, bool valid) => Assert.Equal(valid, CreditCodes.IsValid(code));

    [Fact]
    public void A_need_takes_intents_while_open_a_loan_once_matched_and_closes_before_it_is_granted()
    {
        Assert.Null(NeedState.Refusal(NeedState.Open, NeedStep.ExpressIntent));
        Assert.Null(NeedState.Refusal(NeedState.Open, NeedStep.Accept));
        Assert.Equal("该需求已对接，不再接受意向", NeedState.Refusal(NeedState.Matched, NeedStep.ExpressIntent));
        Assert.Equal("该需求尚未对接，须先由发布方接受本机构的意向", NeedState.Refusal(NeedState.Open, NeedStep.RecordLoan));
        Assert.Null(NeedState.Refusal(NeedState.Matched, NeedStep.RecordLoan));
        Assert.Equal("该需求已登记放款", NeedState.Refusal(NeedState.Granted, NeedStep.RecordLoan));
        Assert.Null(NeedState.Refusal(NeedState.Matched, NeedStep.Close));
        Assert.NotNull(NeedState.Refusal(NeedState.Granted, NeedStep.Close));
        Assert.NotNull(NeedState.Refusal(NeedState.Closed, NeedStep.Close));
    }
}
