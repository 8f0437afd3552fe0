using Meicheng.Web.Common;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Cases;
using Meicheng.Web.Features.Departments;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Finance;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Features.Environment.Outfalls;
using Meicheng.Web.Features.Environment.Sponge;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Features.Projects;
using Meicheng.Web.Features.Regions;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Features.Survey;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Meicheng.Web.Data;

/// <summary>The one DbContext, Identity's tables included. Each feature configures its own entities.</summary>
public class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanArea> PlanAreas => Set<PlanArea>();
    public DbSet<PlanTask> PlanTasks => Set<PlanTask>();
    public DbSet<Responsibility> Responsibilities => Set<Responsibility>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<PlanFact> PlanFacts => Set<PlanFact>();
    public DbSet<PlanImport> PlanImports => Set<PlanImport>();
    public DbSet<PlanVersion> PlanVersions => Set<PlanVersion>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Zone> Zones => Set<Zone>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();
    public DbSet<ReportingPeriod> ReportingPeriods => Set<ReportingPeriod>();
    public DbSet<Observation> Observations => Set<Observation>();
    public DbSet<MilestoneProgress> MilestoneProgress => Set<MilestoneProgress>();
    public DbSet<Evidence> Evidence => Set<Evidence>();
    public DbSet<WorkbookImport> WorkbookImports => Set<WorkbookImport>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<EvaluationRound> EvaluationRounds => Set<EvaluationRound>();
    public DbSet<EvaluationAssessment> EvaluationAssessments => Set<EvaluationAssessment>();
    public DbSet<HealthCheck> HealthChecks => Set<HealthCheck>();
    public DbSet<CheckProblem> CheckProblems => Set<CheckProblem>();
    public DbSet<RectificationTask> RectificationTasks => Set<RectificationTask>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectFunding> ProjectFunding => Set<ProjectFunding>();
    public DbSet<ProjectProgress> ProjectProgress => Set<ProjectProgress>();
    public DbSet<FinancingNeed> FinancingNeeds => Set<FinancingNeed>();
    public DbSet<FinanceIntent> FinanceIntents => Set<FinanceIntent>();
    public DbSet<FinanceLoan> FinanceLoans => Set<FinanceLoan>();
    public DbSet<GreenLoanBalance> GreenLoanBalances => Set<GreenLoanBalance>();
    public DbSet<TargetFeed> TargetFeeds => Set<TargetFeed>();
    public DbSet<Station> Stations => Set<Station>();
    public DbSet<AirHour> AirHours => Set<AirHour>();
    public DbSet<AirHourStaged> AirHoursStaged => Set<AirHourStaged>();
    public DbSet<AirDay> AirDays => Set<AirDay>();
    public DbSet<AirImport> AirImports => Set<AirImport>();
    public DbSet<AirImportRejection> AirImportRejections => Set<AirImportRejection>();
    public DbSet<WaterSample> WaterSamples => Set<WaterSample>();
    public DbSet<WaterMeasurement> WaterMeasurements => Set<WaterMeasurement>();
    public DbSet<Features.Environment.Hj212.Hj212Reading> Hj212Readings => Set<Features.Environment.Hj212.Hj212Reading>();
    public DbSet<Outfall> Outfalls => Set<Outfall>();
    public DbSet<OutfallResult> OutfallResults => Set<OutfallResult>();
    public DbSet<DrainageZone> DrainageZones => Set<DrainageZone>();
    public DbSet<ZoneMonitoringDay> ZoneMonitoringDays => Set<ZoneMonitoringDay>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyQuestion> SurveyQuestions => Set<SurveyQuestion>();
    public DbSet<SurveyOption> SurveyOptions => Set<SurveyOption>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();
    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();
    public DbSet<TypicalCase> TypicalCases => Set<TypicalCase>();
    public DbSet<CasePhoto> CasePhotos => Set<CasePhoto>();
    public DbSet<DataVersionRow> DataVersions => Set<DataVersionRow>();

    /// <summary>
    /// What the evaluation, the dashboard and the showcase are computed from: a change to any of these writes a new
    /// <see cref="DataVersionRow.Stamp"/> in the same SaveChanges, so writers need not remember to.
    /// </summary>
    private static readonly HashSet<Type> EvaluationInputs =
    [
        typeof(Plan), typeof(PlanArea), typeof(PlanTask), typeof(Responsibility), typeof(Indicator), typeof(Target), typeof(Milestone),
        typeof(Region), typeof(Department), typeof(ReportingPeriod), typeof(Observation), typeof(MilestoneProgress), typeof(EvaluationRound),
        // The dashboard's attention list and the showcase read the project library (behind schedule, published projects).
        typeof(Project), typeof(ProjectProgress), typeof(ProjectFunding),
    ];

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        AccountsModel.Configure(builder);
        ReportingModel.Configure(builder);
        PlansModel.Configure(builder);
        RegionsModel.Configure(builder);
        DepartmentsModel.Configure(builder);
        EvaluationModel.Configure(builder);
        ProjectsModel.Configure(builder);
        EnvironmentModel.Configure(builder);
        OutfallsModel.Configure(builder);
        SpongeModel.Configure(builder);
        SurveyModel.Configure(builder);
        CasesModel.Configure(builder);
        FinanceModel.Configure(builder);
        DataVersionRow.Configure(builder);
    }

    // The audit log is append-only: no code path may change or remove an entry once written.
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAppendOnly();
        var stamped = StampIfInputsChanged();
        var accounts = AccountsChanged();
        if (accounts)
            Passwords.RecordChanges(ChangeTracker, Service<TimeProvider>()?.GetUtcNow() ?? DateTimeOffset.UtcNow);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (stamped)
            DataVersionService?.Changed();
        if (accounts)
            Service<SessionCache>()?.Clear();
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnly();
        var stamped = StampIfInputsChanged();
        var accounts = AccountsChanged();
        if (accounts)
            Passwords.RecordChanges(ChangeTracker, Service<TimeProvider>()?.GetUtcNow() ?? DateTimeOffset.UtcNow);
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        if (stamped)
            DataVersionService?.Changed();
        if (accounts)
            Service<SessionCache>()?.Clear();
        return saved;
    }

    /// <summary>Writes a new data stamp when an evaluation input is added, changed or removed, as part of the same save.</summary>
    // A change to an account, its roles or claims ends every session this process trusts without asking the database.
    private bool AccountsChanged() => ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && e.Metadata.ClrType is var t && (t == typeof(AppUser) || t == typeof(IdentityRole) || t == typeof(IdentityUserRole<string>)
            || t == typeof(IdentityUserClaim<string>) || t == typeof(IdentityRoleClaim<string>)));

    private T? Service<T>() where T : class =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(T)) as T;

    private bool _inputsChangedOutsideTracker;

    /// <summary>
    /// Rows of evaluation inputs were written around the change tracker (<see cref="BulkInsert"/>): the next SaveChanges
    /// writes a new data stamp, as it would have had they been tracked.
    /// </summary>
    public void InputsChangedOutsideTracker() => _inputsChangedOutsideTracker = true;

    private bool StampIfInputsChanged()
    {
        if (ChangeTracker.AutoDetectChangesEnabled)
            ChangeTracker.DetectChanges();
        if (!_inputsChangedOutsideTracker
            && !ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && EvaluationInputs.Contains(e.Metadata.ClrType)))
            return false;
        _inputsChangedOutsideTracker = false;
        var row = ChangeTracker.Entries<DataVersionRow>().Select(e => e.Entity).FirstOrDefault();
        if (row is null)
        {
            // An update by key without reading the row first: the migration seeds it.
            row = new DataVersionRow { Id = DataVersionRow.SingleId };
            DataVersions.Attach(row);
        }
        row.Stamp = DataVersionRow.NewStamp();
        Entry(row).Property(v => v.Stamp).IsModified = true;
        return true;
    }

    // The app's singleton, when this context was made by the app's container (not at design time).
    private DataVersion? DataVersionService =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(DataVersion)) as DataVersion;

    private void GuardAppendOnly()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("The audit log is append-only.");
        // A round is frozen when it is created: its snapshot and what identifies it never change, and it is never deleted.
        // Closing it and publishing it on the showcase are states around the round, not changes to it.
        if (ChangeTracker.Entries<EvaluationRound>().Any(e => e.State == EntityState.Deleted || (e.State == EntityState.Modified
                && e.Properties.Any(p => p.IsModified && p.Metadata.Name is not (nameof(EvaluationRound.Closed) or nameof(EvaluationRound.ClosedAt)
                    or nameof(EvaluationRound.PublishedAt) or nameof(EvaluationRound.PublishedBy))))))
            throw new InvalidOperationException("A frozen evaluation round cannot be changed.");
    }
}
