using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Meicheng.Web.Data;

/// <summary>Which database Meicheng runs on: the embedded SQLite file by default, or PostgreSQL.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The provider switch: <c>Database:Provider</c> (Sqlite | Postgres) and <c>ConnectionStrings:Meicheng</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseSettings From(IConfiguration configuration, string contentRoot)
    {
        var providerName = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
            throw new InvalidOperationException($"Database:Provider '{providerName}' is not one of Sqlite, Postgres.");
        var connectionString = configuration.GetConnectionString("Meicheng");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Meicheng is not set.");
            var folder = Path.Combine(contentRoot, "App_Data");
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "meicheng.db")}";
        }
        return new DatabaseSettings(provider, connectionString);
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        // Each provider keeps its migrations in its own folder under Data/Migrations, bound to its own context type.
        switch (Provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(ConnectionString);
                break;
            default:
                options.UseSqlite(ConnectionString);
                break;
        }
    }

    public AppDbContext CreateContext(DbContextOptions options) => Provider switch
    {
        DatabaseProvider.Postgres => new PostgresAppDbContext(options),
        _ => new SqliteAppDbContext(options),
    };
}

// EF Core binds a migration to a context type, and a set of migrations to one provider. One AppDbContext
// is the model; these two subclasses only say which provider's migrations apply. (A migrations assembly
// per provider would have to reference this host, which must in turn load it: a project cycle.)

/// <summary>AppDbContext on SQLite; its migrations are in Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions options) : AppDbContext(options)
{
    // SQLite has no decimal type and EF's default text form always adds a decimal place (200 -> "200.0").
    // The invariant ToString keeps a plan's number exactly as written (200 stays 200, 1.6 stays 1.6).
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<decimal>().HaveConversion<string>();
}

/// <summary>AppDbContext on PostgreSQL; its migrations are in Data/Migrations/Postgres.</summary>
public sealed class PostgresAppDbContext(DbContextOptions options) : AppDbContext(options);

internal sealed class AppDbContextFactory(DbContextOptions<AppDbContext> options, DatabaseSettings settings) : IDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext() => settings.CreateContext(options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=localhost;Database=meicheng_design").Options);
}

public static class DatabaseExtensions
{
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var settings = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<DataVersion>();
        builder.Services.AddDbContextFactory<AppDbContext, AppDbContextFactory>(settings.Configure);
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return builder;
    }

    /// <summary>Applies the provider's migrations (creating the SQLite file if needed).</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        // MigrateAsync also compares the model with the last migration's snapshot, which costs about a second on every
        // start; a database that already has every shipped migration needs neither.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
