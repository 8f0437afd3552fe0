using Meicheng.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Meicheng.Web.Tests;

/// <summary>
/// The real app over its own fresh database: a new SQLite file, or a new database on the PostgreSQL server
/// that scripts/test.sh starts (MEICHENG_TEST_POSTGRES). The app applies the shipped migrations itself.
/// </summary>
public sealed class MeichengApp : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "MEICHENG_TEST_POSTGRES";

    private readonly string _scratch = Directory.CreateTempSubdirectory("meicheng-test-").FullName;
    private readonly string? _postgresDatabase;
    private readonly Dictionary<string, string?> _settings = [];

    /// <param name="provider">The database to run on.</param>
    /// <param name="editablePlans">Import from a copy of data/plans in the scratch folder (see <see cref="PlansDirectory"/>), so a test may edit it.</param>
    public MeichengApp(DatabaseProvider provider, bool editablePlans = false)
    {
        Provider = provider;
        _settings["Database:Provider"] = provider.ToString();
        if (provider == DatabaseProvider.Postgres)
        {
            _postgresDatabase = "meicheng_test_" + Guid.NewGuid().ToString("N")[..12];
            _settings["ConnectionStrings:Meicheng"] = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _postgresDatabase }.ConnectionString;
        }
        else
        {
            _settings["ConnectionStrings:Meicheng"] = $"Data Source={Path.Combine(_scratch, "meicheng.db")}";
        }
        // Evidence files go to the scratch folder, never into the source tree (the test host's content root).
        _settings["Reporting:EvidenceDirectory"] = Path.Combine(_scratch, "evidence");
        _settings["Environment:ImportDirectory"] = Path.Combine(_scratch, "air-imports");
        if (editablePlans)
        {
            PlansDirectory = CopyPlanData(_scratch);
            _settings["Plans:Directory"] = PlansDirectory;
        }
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Sets a configuration value for the app; call before the first request.</summary>
    public MeichengApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    /// <summary>A scratch folder removed with the app.</summary>
    public string Scratch => _scratch;

    /// <summary>The editable copy of data/plans, when asked for.</summary>
    public string? PlansDirectory { get; }

    public static string ServerConnectionString =>
        System.Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException($"{PostgresVariable} is not set: run scripts/test.sh, which starts PostgreSQL and sets it.");

    /// <summary>A copy of data/plans and data/reference in the scratch folder, to edit and import.</summary>
    public static string CopyPlanData(string scratch)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "data");
        foreach (var folder in new[] { "plans", "reference" })
        {
            var target = Directory.CreateDirectory(Path.Combine(scratch, "data", folder)).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(source, folder), "*.json"))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
        return Path.Combine(scratch, "data", "plans");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        // Serve wwwroot through the build's static web assets manifest, as `dotnet run` does: outside Development
        // the test host otherwise answers the fingerprinted CSS without a Content-Type, and Chromium ignores it.
        builder.UseStaticWebAssets();
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(ServerConnectionString);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left in the temp folder; it does not affect other tests.
        }
    }

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];
}
