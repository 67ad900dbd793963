import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ClickRepository, PersistenceModule } from '../src';
import { createTestDatabase, type TestDatabase } from './test-database';

describe('PersistenceModule', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('nest_module');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('injects connected repositories and closes the pool on shutdown', async () => {
    @Module({ imports: [PersistenceModule.forRoot({ url: db.url, schema: db.schema, poolSize: 2 })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule);
    const dataSource = app.get(DataSource);
    expect(dataSource.isInitialized).toBe(true);
    expect(
      await app.get(ClickRepository).findByIds([{ clickId: '0'.repeat(26), clickedAt: new Date() }]),
    ).toEqual([]);
    await app.close();
    expect(dataSource.isInitialized).toBe(false);
  });
});
