namespace Meicheng.Web.Features.Finance;

// Requests carry no validation attributes: FinanceOperations checks every field and says in Chinese what is wrong,
// beside the field on a page and per field in the API's ValidationProblem alike.

/// <summary>A need for a library project (ProjectId) or a green enterprise (EnterpriseName, CreditCode, RegionCode).</summary>
public sealed record FinancingNeedRequest(
    int? ProjectId, string? EnterpriseName, string? CreditCode, string? RegionCode, decimal? Amount, int? TermMonths, string? Purpose,
    string? Category, string? Contact);

public sealed record FinanceIntentRequest(decimal? Amount, int? TermMonths, string? Terms, string? Contact);

public sealed record FinanceLoanRequest(decimal? Amount, decimal? Rate, DateOnly? GrantedOn, int? TermMonths, bool GreenLoan);

public sealed record CloseNeedRequest(string? Reason);

/// <summary>The green-loan balance the central bank's branch reported: 亿元, as of a date, in a document.</summary>
public sealed record GreenLoanBalanceRequest(decimal? Amount, DateOnly? AsOf, string? Document, string? Reporter);

/// <summary>Filters of the board: state, green category (a top-level code takes its children), district, project, text q.</summary>
/// <remarks>Init properties: the compile-time request delegate generator cannot bind a positional record of nullable
/// strings with [AsParameters] (see <see cref="Projects.ProjectFilter"/>).</remarks>
public sealed record FinanceNeedFilter
{
    public string? State { get; init; }
    public string? Category { get; init; }
    public string? Region { get; init; }
    public int? ProjectId { get; init; }
    public string? Q { get; init; }
}

public sealed record FinanceIntentDto(int Id, string Institution, decimal Amount, int TermMonths, string Terms, string Contact, DateTimeOffset CreatedAt, bool Accepted);

public sealed record FinanceLoanDto(int Id, string Institution, decimal Amount, decimal Rate, DateOnly GrantedOn, int TermMonths, bool GreenLoan, DateTimeOffset RecordedAt);

/// <summary>
/// A need as its reader may see it: a bank sees only its own intent and loan, and of a project only its name and owner
/// unit (never its progress); <see cref="MayManage"/> says whether the reader may accept an intent or close it.
/// </summary>
public sealed record FinancingNeedDto(
    int Id, string Title, int? ProjectId, string? OwnerUnit, string? EnterpriseName, string? CreditCode, string RegionCode, string RegionName,
    decimal Amount, int TermMonths, string Purpose, string Category, string CategoryName, string State, string StateText, string? Contact,
    string Publisher, DateTimeOffset PublishedAt, string? CloseReason, bool MayManage, IReadOnlyList<FinanceIntentDto> Intents, FinanceLoanDto? Loan);

/// <summary>
/// One line of the office's totals: needs published and amount asked (万元), needs matched and the accepted intents'
/// amount, loans granted and their amount, of which green loans.
/// </summary>
public sealed record FinanceTotalRow(string Key, string Name, int Needs, decimal Requested, int Matched, decimal MatchedAmount, int Granted,
    decimal GrantedAmount, decimal GreenLoanAmount);

public sealed record GreenLoanBalanceDto(int Id, DateOnly AsOf, decimal Amount, string Reporter, string Document, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>The board's totals, and beside them the reported green-loan balance (亿元), which they never add up to.</summary>
public sealed record FinanceTotalsDto(FinanceTotalRow Overall, IReadOnlyList<FinanceTotalRow> ByCategory, IReadOnlyList<FinanceTotalRow> ByBank,
    IReadOnlyList<FinanceTotalRow> ByDistrict, GreenLoanBalanceDto? LatestBalance);

/// <summary>What recording a balance did to each 绿色贷款余额 target: created, unchanged, conflict (approved and locked), invalid.</summary>
public sealed record BalanceFeedResultDto(string TargetId, int Year, string Outcome, int? ObservationId, string? Note);

public sealed record GreenLoanBalanceRecordedDto(GreenLoanBalanceDto Balance, IReadOnlyList<BalanceFeedResultDto> Targets);

public sealed record GreenCategoryDto(string Code, string Name, IReadOnlyList<GreenCategoryDto> Children);

public sealed record GreenCatalogueDto(string Title, string Source, IReadOnlyList<GreenCategoryDto> Categories);
