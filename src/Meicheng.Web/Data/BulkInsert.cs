using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Meicheng.Web.Data;

/// <summary>
/// Inserts many new rows of one entity type with multi-row INSERT statements on the context's connection
/// and transaction, for imports of thousands of rows: SaveChanges sends one command per row on SQLite, and its per-entity
/// work dominates an import. Columns, SQL quoting and each value's conversion (dates, decimals, lists) come from the EF
/// model and the provider's own type mappings, so a row reads back exactly as if SaveChanges had written it, on SQLite and
/// PostgreSQL alike. The rows are not tracked: the caller calls <see cref="AppDbContext.InputsChangedOutsideTracker"/>
/// when they are evaluation inputs, so the next SaveChanges writes a new data stamp.
/// </summary>
internal static class BulkInsert
{
    // Parameters a statement, far below both providers' limits (SQLite 32,766, PostgreSQL 65,535). SQLite runs in the process
    // but finds each parameter by name with a linear search, so thousands in one statement cost more to bind than they save;
    // PostgreSQL pays a round trip per statement.
    private static int ParametersPerStatement(AppDbContext db) => db.Database.IsSqlite() ? 250 : 4000;

    /// <summary>
    /// Inserts <paramref name="entities"/> (store-generated keys left to the database) and returns, per row, the values of
    /// the <paramref name="returning"/> properties (RETURNING, supported by SQLite 3.35+ and PostgreSQL), in no particular
    /// order: the caller matches them by a key it knows to be unique.
    /// </summary>
    public static async Task<List<object?[]>> InsertAsync<T>(AppDbContext db, IReadOnlyCollection<T> entities, IReadOnlyList<string> returning, CancellationToken ct)
        where T : class
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity type.");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = type.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToList();
        var returned = returning.Select(name => type.FindProperty(name) ?? throw new ArgumentException($"{typeof(T).Name} has no property {name}.", nameof(returning))).ToList();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) VALUES ";
        var tail = returned.Count == 0 ? "" : $" RETURNING {string.Join(", ", returned.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}";
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var results = new List<object?[]>(returned.Count == 0 ? 0 : entities.Count);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var chunk in entities.Chunk(Math.Max(1, ParametersPerStatement(db) / columns.Count)))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                var text = new StringBuilder(head);
                var n = 0;
                for (var row = 0; row < chunk.Length; row++)
                {
                    text.Append(row == 0 ? "(" : ", (");
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var name = $"@p{n++}";
                        text.Append(c == 0 ? name : ", " + name);
                        command.Parameters.Add(columns[c].GetRelationalTypeMapping()
                            .CreateParameter(command, name, columns[c].GetGetter().GetClrValue(chunk[row]), columns[c].IsNullable));
                    }
                    text.Append(')');
                }
                command.CommandText = text.Append(tail).ToString();
                if (returned.Count == 0)
                {
                    await command.ExecuteNonQueryAsync(ct);
                    continue;
                }
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var values = new object?[returned.Count];
                    for (var i = 0; i < values.Length; i++)
                        values[i] = await reader.IsDBNullAsync(i, ct) ? null : Read(reader, i, returned[i].ClrType);
                    results.Add(values);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return results;
    }

    private static object Read(DbDataReader reader, int ordinal, Type type)
    {
        var value = reader.GetValue(ordinal);
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsInstanceOfType(value) ? value : Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }
}
