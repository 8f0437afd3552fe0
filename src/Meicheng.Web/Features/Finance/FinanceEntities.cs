using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Finance;

/// <summary>
/// A financing need on the 金企通 board: published for a project of the library by whoever may change that project, or
/// by the plan office for a green enterprise (name and 统一社会信用代码). Amount in 万元, term in months, a purpose and
/// a category of the green catalogue; its state is Core's <see cref="Core.Finance.NeedState"/>.
/// </summary>
public sealed class FinancingNeed
{
    public int Id { get; set; }
    public int? ProjectId { get; set; }
    public string? EnterpriseName { get; set; }
    public string? CreditCode { get; set; }
    /// <summary>The project's district, or the enterprise's: what district totals group by.</summary>
    public required string RegionCode { get; set; }
    public decimal Amount { get; set; }
    public int TermMonths { get; set; }
    public required string Purpose { get; set; }
    public required string Category { get; set; }
    public required string State { get; set; }
    public string? Contact { get; set; }
    public required string PublishedBy { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? CloseReason { get; set; }
}

/// <summary>A bank's intent on a need: how much, on what terms, whom to call. The owner accepts at most one.</summary>
public sealed class FinanceIntent
{
    public int Id { get; set; }
    public int NeedId { get; set; }
    public required string Institution { get; set; }
    public decimal Amount { get; set; }
    public int TermMonths { get; set; }
    public required string Terms { get; set; }
    public required string Contact { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Accepted { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}

/// <summary>A loan the accepted bank granted on a need: amount (万元), annual rate (%), date, term, whether it is a green loan.</summary>
public sealed class FinanceLoan
{
    public int Id { get; set; }
    public int NeedId { get; set; }
    public int IntentId { get; set; }
    public required string Institution { get; set; }
    public decimal Amount { get; set; }
    public decimal Rate { get; set; }
    public DateOnly GrantedOn { get; set; }
    public int TermMonths { get; set; }
    public bool GreenLoan { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// The city's green-loan balance (绿色贷款余额, 亿元) as the central bank's branch reported it for a date, with the document
/// it was reported in. This, not a sum of the board's loans, feeds the 绿色贷款余额 targets.
/// </summary>
public sealed class GreenLoanBalance
{
    public int Id { get; set; }
    public DateOnly AsOf { get; set; }
    public decimal Amount { get; set; }
    public required string Reporter { get; set; }
    public required string Document { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

internal static class FinanceModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<FinancingNeed>(e =>
        {
            e.ToTable("FinancingNeeds");
            e.Property(n => n.EnterpriseName).HasMaxLength(200);
            e.Property(n => n.CreditCode).HasMaxLength(18);
            e.Property(n => n.RegionCode).HasMaxLength(6);
            e.Property(n => n.Amount).HasPrecision(18, 2);
            e.Property(n => n.Purpose).HasMaxLength(1000);
            e.Property(n => n.Category).HasMaxLength(10);
            e.Property(n => n.State).HasMaxLength(20);
            e.Property(n => n.Contact).HasMaxLength(200);
            e.Property(n => n.PublishedBy).HasMaxLength(256);
            e.Property(n => n.CloseReason).HasMaxLength(500);
            e.HasIndex(n => n.State);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(n => n.ProjectId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<FinanceIntent>(e =>
        {
            e.ToTable("FinanceIntents");
            e.Property(i => i.Institution).HasMaxLength(100);
            e.Property(i => i.Amount).HasPrecision(18, 2);
            e.Property(i => i.Terms).HasMaxLength(1000);
            e.Property(i => i.Contact).HasMaxLength(200);
            e.Property(i => i.CreatedBy).HasMaxLength(256);
            // One intent per bank and need: a second is a change of the first, not a new offer.
            e.HasIndex(i => new { i.NeedId, i.Institution }).IsUnique();
            e.HasOne<FinancingNeed>().WithMany().HasForeignKey(i => i.NeedId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<FinanceLoan>(e =>
        {
            e.ToTable("FinanceLoans");
            e.Property(l => l.Institution).HasMaxLength(100);
            e.Property(l => l.Amount).HasPrecision(18, 2);
            e.Property(l => l.Rate).HasPrecision(9, 4);
            e.Property(l => l.RecordedBy).HasMaxLength(256);
            e.HasIndex(l => l.NeedId).IsUnique();
            e.HasOne<FinancingNeed>().WithMany().HasForeignKey(l => l.NeedId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<FinanceIntent>().WithMany().HasForeignKey(l => l.IntentId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<GreenLoanBalance>(e =>
        {
            e.ToTable("GreenLoanBalances");
            e.Property(b => b.Amount).HasPrecision(18, 2);
            e.Property(b => b.Reporter).HasMaxLength(100);
            e.Property(b => b.Document).HasMaxLength(500);
            e.Property(b => b.RecordedBy).HasMaxLength(256);
            e.HasIndex(b => b.AsOf);
        });
    }
}
