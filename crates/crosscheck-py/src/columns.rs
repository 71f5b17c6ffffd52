//! Reading a record batch's columns by name, whatever width of string or integer the caller's
//! Arrow library chose (Spark sends `string`, pyarrow may send `large_string`; an integer key
//! may come as 32 or 64 bits).

use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type, UInt32Type};
use arrow_array::{Array, GenericListArray, GenericStringArray, PrimitiveArray, RecordBatch};
use arrow_schema::DataType;

/// A column a call needs is missing or has a type it cannot read.
#[derive(Debug, thiserror::Error)]
pub enum ColumnsError {
    /// No column of that name.
    #[error("the batch has no column {0:?}")]
    Missing(String),
    /// A column of another type.
    #[error("column {name:?} is {found}, expected {expected}")]
    Type {
        /// Column name.
        name: String,
        /// Its type.
        found: DataType,
        /// What the call reads.
        expected: &'static str,
    },
}

/// The columns of one batch.
pub struct Columns<'a> {
    batch: &'a RecordBatch,
}

/// A string column.
#[derive(Clone, Copy)]
pub enum Str<'a> {
    /// `string`.
    Small(&'a GenericStringArray<i32>),
    /// `large_string`.
    Large(&'a GenericStringArray<i64>),
    /// An all-null column (`null` type).
    Null,
}

impl<'a> Str<'a> {
    /// The value at `row`, `None` when null.
    pub fn get(self, row: usize) -> Option<&'a str> {
        match self {
            Str::Small(a) => a.is_valid(row).then(|| a.value(row)),
            Str::Large(a) => a.is_valid(row).then(|| a.value(row)),
            Str::Null => None,
        }
    }
}

/// An integer column.
#[derive(Clone, Copy)]
pub enum Int<'a> {
    /// `int64`.
    I64(&'a PrimitiveArray<Int64Type>),
    /// `int32`.
    I32(&'a PrimitiveArray<Int32Type>),
    /// `uint32`.
    U32(&'a PrimitiveArray<UInt32Type>),
    /// An all-null column.
    Null,
}

impl Int<'_> {
    /// The value at `row`, `None` when null.
    pub fn get(self, row: usize) -> Option<i64> {
        match self {
            Int::I64(a) => a.is_valid(row).then(|| a.value(row)),
            Int::I32(a) => a.is_valid(row).then(|| i64::from(a.value(row))),
            Int::U32(a) => a.is_valid(row).then(|| i64::from(a.value(row))),
            Int::Null => None,
        }
    }
}

impl<'a> Columns<'a> {
    /// The columns of `batch`.
    pub fn new(batch: &'a RecordBatch) -> Columns<'a> {
        Columns { batch }
    }

    fn column(&self, name: &str) -> Result<&'a dyn Array, ColumnsError> {
        self.batch
            .column_by_name(name)
            .map(|c| c.as_ref())
            .ok_or_else(|| ColumnsError::Missing(name.to_string()))
    }

    /// The string column `name`.
    pub fn string(&self, name: &str) -> Result<Str<'a>, ColumnsError> {
        let column = self.column(name)?;
        match column.data_type() {
            DataType::Utf8 => Ok(Str::Small(column.as_string::<i32>())),
            DataType::LargeUtf8 => Ok(Str::Large(column.as_string::<i64>())),
            DataType::Null => Ok(Str::Null),
            other => Err(ColumnsError::Type {
                name: name.to_string(),
                found: other.clone(),
                expected: "string",
            }),
        }
    }

    /// The integer column `name`.
    pub fn int64(&self, name: &str) -> Result<Int<'a>, ColumnsError> {
        let column = self.column(name)?;
        match column.data_type() {
            DataType::Int64 => Ok(Int::I64(column.as_primitive::<Int64Type>())),
            DataType::Int32 => Ok(Int::I32(column.as_primitive::<Int32Type>())),
            DataType::UInt32 => Ok(Int::U32(column.as_primitive::<UInt32Type>())),
            DataType::Null => Ok(Int::Null),
            other => Err(ColumnsError::Type {
                name: name.to_string(),
                found: other.clone(),
                expected: "integer",
            }),
        }
    }
}

/// A column of span lists (`list<struct<source_start, source_end, target_start, target_end>>`).
#[derive(Clone, Copy)]
pub enum Spans<'a> {
    /// `list`.
    Small(&'a GenericListArray<i32>),
    /// `large_list`.
    Large(&'a GenericListArray<i64>),
}

impl Spans<'_> {
    /// The spans at `row` (none when null or unreadable).
    pub fn get(self, row: usize) -> Vec<[usize; 4]> {
        let values = match self {
            Spans::Small(a) if a.is_valid(row) => a.value(row),
            Spans::Large(a) if a.is_valid(row) => a.value(row),
            _ => return Vec::new(),
        };
        let Some(spans) = values.as_struct_opt() else {
            return Vec::new();
        };
        let field = |n: usize| {
            spans
                .columns()
                .get(n)
                .and_then(|c| c.as_primitive_opt::<Int64Type>())
        };
        let (Some(a), Some(b), Some(c), Some(d)) = (field(0), field(1), field(2), field(3)) else {
            return Vec::new();
        };
        let at = |x: &PrimitiveArray<Int64Type>, i: usize| x.value(i).max(0) as usize;
        (0..spans.len())
            .map(|i| [at(a, i), at(b, i), at(c, i), at(d, i)])
            .collect()
    }
}

impl<'a> Columns<'a> {
    /// The span-list column `name`.
    pub fn spans(&self, name: &str) -> Result<Spans<'a>, ColumnsError> {
        let column = self.column(name)?;
        match column.data_type() {
            DataType::List(_) => Ok(Spans::Small(column.as_list::<i32>())),
            DataType::LargeList(_) => Ok(Spans::Large(column.as_list::<i64>())),
            other => Err(ColumnsError::Type {
                name: name.to_string(),
                found: other.clone(),
                expected: "list of spans",
            }),
        }
    }
}
