using System.Collections.Concurrent;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
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
/// <remarks>
/// Migrating and importing the plans takes a few seconds per app, and most tests start an app of their own. So the
/// first app of each provider in the test process starts over an empty database with the default settings, and its
/// database becomes a template: every later app with the same start-up inputs begins from a copy of it (a file copy
/// for SQLite, <c>CREATE DATABASE … TEMPLATE</c> for PostgreSQL), and its own start-up then runs over that copy, as
/// a restart of a deployed app does (migrations already applied, plans and stations unchanged). An app whose start-up
/// inputs differ (demo data, a bootstrap admin, its own plan or reference files) or that asks for
/// <c>freshDatabase</c> starts from an empty database as before; MEICHENG_TEST_NO_TEMPLATE=1 makes every app do so.
/// </remarks>
public sealed class MeichengApp : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "MEICHENG_TEST_POSTGRES";

    private readonly string _scratch = Directory.CreateTempSubdirectory("meicheng-test-").FullName;
    private readonly string? _postgresDatabase;
    private readonly Dictionary<string, string?> _settings = [];
    private readonly bool _freshDatabase;

    /// <summary>Settings that change what start-up writes into the database: an app with any of them starts empty.</summary>
    private static readonly string[] StartUpInputs = ["Demo:", "Admin:", "Plans:", "ProjectFiles:"];

    private static readonly ConcurrentDictionary<DatabaseProvider, Lazy<string>> Templates = new();

    /// <param name="provider">The database to run on.</param>
    /// <param name="editablePlans">Import from a copy of data/plans in the scratch folder (see <see cref="PlansDirectory"/>), so a test may edit it.</param>
    /// <param name="freshDatabase">Start from an empty database rather than a copy of the started template.</param>
    public MeichengApp(DatabaseProvider provider, bool editablePlans = false, bool freshDatabase = false)
    {
        Provider = provider;
        _freshDatabase = freshDatabase || editablePlans;
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
        // Once per app: a host derived with WithWebHostBuilder (a restart on the same database) configures again.
        if (!_databaseCopied && !_freshDatabase && !_settings.Keys.Any(k => StartUpInputs.Any(k.StartsWith))
            && System.Environment.GetEnvironmentVariable("MEICHENG_TEST_NO_TEMPLATE") != "1")
            CopyTemplate();
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        // Serve wwwroot through the build's static web assets manifest, as `dotnet run` does: outside Development
        // the test host otherwise answers the fingerprinted CSS without a Content-Type, and Chromium ignores it.
        builder.UseStaticWebAssets();
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            // Identity's 100,000 PBKDF2 rounds cost tens of milliseconds per hash, and tests create and sign in many
            // accounts; the hash format and every password rule are the same, only the round count is lower.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestHashRounds);
        });
    }

    private const int TestHashRounds = 1_000;

    /// <summary>Puts a copy of the provider's template database where this app's connection string points.</summary>
    private void CopyTemplate()
    {
        _databaseCopied = true;
        var template = Templates.GetOrAdd(Provider, p => new Lazy<string>(() => CreateTemplate(p))).Value;
        if (Provider == DatabaseProvider.Postgres)
        {
            using var connection = new NpgsqlConnection(ServerConnectionString);
            connection.Open();
            // Two copies of one template at the same moment can collide on its lock ("being accessed by other users").
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var create = new NpgsqlCommand($"CREATE DATABASE \"{_postgresDatabase}\" TEMPLATE \"{template}\"", connection);
                    create.ExecuteNonQuery();
                    return;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
                {
                    Thread.Sleep(100);
                }
            }
        }
        var file = Path.Combine(_scratch, "meicheng.db");
        File.Copy(template, file, overwrite: true);
    }

    /// <summary>Starts an app with the default settings over an empty database, stops it, and keeps its database.</summary>
    private static string CreateTemplate(DatabaseProvider provider)
    {
        var app = new MeichengApp(provider, freshDatabase: true) { _keepDatabase = true };
        string template;
        if (provider == DatabaseProvider.Postgres)
        {
            template = app._postgresDatabase!;
        }
        else
        {
            var folder = Directory.CreateTempSubdirectory("meicheng-template-").FullName;
            template = Path.Combine(folder, "meicheng.db");
            app._settings["ConnectionStrings:Meicheng"] = $"Data Source={template}";
        }
        _ = app.Services;
        app.Dispose();
        if (provider == DatabaseProvider.Sqlite)
        {
            // Fold the write-ahead log into the file, so that one file is the whole database.
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={template};Pooling=False");
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
            checkpoint.ExecuteNonQuery();
        }
        else
        {
            // Only this database's connections: clearing every pool would break the connections other tests are opening.
            app.ClearOwnPool();
            using (var connection = new NpgsqlConnection(ServerConnectionString))
            {
                connection.Open();
                using var end = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}' AND pid <> pg_backend_pid()", connection);
                end.ExecuteNonQuery();
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                using var connection = new NpgsqlConnection(ServerConnectionString);
                connection.Open();
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            };
        }
        return template;
    }

    private bool _keepDatabase;
    private bool _databaseCopied;

    private void ClearOwnPool()
    {
        if (_settings.TryGetValue("ConnectionStrings:Meicheng", out var cs) && cs is not null)
        {
            using var connection = new NpgsqlConnection(cs);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        if (_postgresDatabase is not null && !_keepDatabase)
        {
            // Only this app's pool (the DROP … WITH (FORCE) ends anything left): clearing every pool in the process broke
            // connections that parallel tests were opening ("Can't close, connection is in state Connecting").
            ClearOwnPool();
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
