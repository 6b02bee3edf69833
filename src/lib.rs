//! seatplan — workforce planning for e-commerce customer-service outsourcing.
//!
//! The pipeline flows one way: forecast → size → schedule → simulate → cost → price.
//! Each stage is a module with plain typed input and output; file access and the CLI live at
//! the edges ([`io`], [`cli`]).
#![warn(missing_docs)]

pub mod cli;
pub mod cost;
pub mod demo;
pub mod error;
pub mod forecast;
pub mod io;
pub mod model;
pub mod plan;
pub mod price;
pub mod queueing;
pub mod report;
pub mod scenario;
pub mod schedule;
pub mod simulate;
pub mod size;
pub mod summary;
pub mod web;

pub use error::{Error, Result};
