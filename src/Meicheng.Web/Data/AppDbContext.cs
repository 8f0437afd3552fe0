using Meicheng.Web.Features.Departments;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Data;

/// <summary>The one DbContext. Each feature configures its own entities.</summary>
public class AppDbContext(DbContextOptions options) : DbContext(options)
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
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Zone> Zones => Set<Zone>();
    public DbSet<Department> Departments => Set<Department>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        PlansModel.Configure(modelBuilder);
        RegionsModel.Configure(modelBuilder);
        DepartmentsModel.Configure(modelBuilder);
    }
}
