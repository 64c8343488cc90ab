"""The Outcomes page of the Segments tab: conversion totals of the current app, as a table and a chart."""
